#!/usr/bin/env bash
# Fuzzes one target under afl++ with SharpFuzz instrumentation (not part of .ci/run).
#   fuzz/run-afl.sh TARGET SECONDS [OUT]
# Needs: afl++ (apt-get install afl++), the SharpFuzz tool (dotnet tool install --tool-path DIR SharpFuzz.CommandLine,
# DIR on PATH or SHARPFUZZ=DIR/sharpfuzz). The build is copied and instrumented outside artifacts/, so the normal
# build stays uninstrumented. Runs niced; findings go to OUT (default /tmp/oauthguard-afl/TARGET).
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
seconds=$2
out=${3:-/tmp/oauthguard-afl/$target}
sharpfuzz=${SHARPFUZZ:-sharpfuzz}
bin=/tmp/oauthguard-afl/bin

if [ ! -f "$bin/.instrumented" ]; then
  dotnet build fuzz/OAuthGuard.Fuzz -c Release >/dev/null
  rm -rf "$bin" && mkdir -p "$bin"
  cp -r artifacts/bin/OAuthGuard.Fuzz/release/. "$bin/"
  # Instrument the product's assemblies (the code under test), not the harness or the framework.
  for dll in OAuthGuard.Salesforce OAuthGuard.Rego OAuthGuard.Core OAuthGuard.GitHub YamlDotNet; do
    "$sharpfuzz" "$bin/$dll.dll"
  done
  touch "$bin/.instrumented"
fi

mkdir -p "$out"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
# -t: per-input timeout (ms), generous for a shared 2-core machine; -V: stop after SECONDS.
nice -n 19 afl-fuzz -i "fuzz/corpus/$target" -o "$out" -t 5000 -m none -V "$seconds" -- \
  dotnet "$bin/OAuthGuard.Fuzz.dll" fuzz "$target" > "$out/afl.log" 2>&1 || true
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|unique_crashes|unique_hangs) ' "$out/default/fuzzer_stats" || tail -20 "$out/afl.log"
