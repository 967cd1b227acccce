using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using OAuthGuard.Rego.Builtins;

namespace OAuthGuard.Engines.Opa;

/// <summary>
/// The capabilities file passed to <c>opa</c> with <c>--capabilities</c>: exactly the builtins the embedded engine
/// offers, generated from its registry when OAuthGuard runs, so repository policies see the same builtins under
/// either engine and no network builtin (<c>http.send</c>, <c>net.lookup_ip_addr</c>) is reachable from a pull
/// request's policy. Format: OPA's capabilities JSON (<c>opa capabilities --current</c>).
/// </summary>
public static class OpaCapabilities
{
    /// <summary>
    /// Builtins never offered to opa even if a registry declares them without marking them withheld: they reach the
    /// network or the process environment.
    /// </summary>
    public static readonly FrozenSet<string> NeverOffered = FrozenSet.ToFrozenSet(
        ["http.send", "net.lookup_ip_addr", "opa.runtime", "rego.parse_module"], StringComparer.Ordinal);

    // What the embedded engine does itself rather than through the registry: unification and assignment (the
    // compiler), print and the metadata functions (the evaluator; OPA rewrites print into internal.print).
    private static readonly (string Name, int Arity, string? Infix, bool Variadic)[] EngineOwn =
    [
        ("eq", 2, "=", false),
        ("assign", 2, ":=", false),
        ("print", 0, null, true),
        ("internal.print", 1, null, false),
        ("rego.metadata.chain", 0, null, false),
        ("rego.metadata.rule", 0, null, false),
    ];

    private static readonly FrozenDictionary<string, string> Infix = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["plus"] = "+", ["minus"] = "-", ["mul"] = "*", ["div"] = "/", ["rem"] = "%",
        ["equal"] = "==", ["neq"] = "!=", ["lt"] = "<", ["lte"] = "<=", ["gt"] = ">", ["gte"] = ">=",
        ["or"] = "|", ["and"] = "&", ["internal.member_2"] = "in", ["internal.member_3"] = "in",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The capabilities JSON for <paramref name="registry"/>. Every parameter and result is typed <c>any</c>: the
    /// embedded engine checks operand types when it evaluates, so opa does the same instead of rejecting at compile
    /// time what the embedded engine would run; names, arity and flags (variadic, relation, nondeterministic) match.
    /// </summary>
    /// <param name="registry">The embedded engine's builtins.</param>
    /// <returns>UTF-8 JSON text, the same bytes for the same registry.</returns>
    public static string Json(BuiltinRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var entries = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
        // A withheld builtin (declared so that `with` can mock it, e.g. http.send) is not offered: under opa it would
        // really run.
        foreach (var d in registry.Declarations.Where(d => d.Withheld is null && !NeverOffered.Contains(d.Name)))
        {
            entries[d.Name] = w => WriteBuiltin(w, d.Name, d.Parameters.Length, Infix.GetValueOrDefault(d.Name), d.Variadic, d.Relation, d.Nondeterministic);
        }

        foreach (var (name, arity, infix, variadic) in EngineOwn)
        {
            entries.TryAdd(name, w => WriteBuiltin(w, name, arity, infix, variadic, relation: false, nondeterministic: false));
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("builtins");
            foreach (var write in entries.Values)
            {
                write(w);
            }

            w.WriteEndArray();
            WriteStrings(w, "future_keywords", ["contains", "every", "if", "in"]);
            w.WriteStartArray("wasm_abi_versions");
            w.WriteEndArray();
            WriteStrings(w, "features", ["rego_v1", "rego_v1_import", "rule_head_ref_string_prefixes", "rule_head_refs"]);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteBuiltin(Utf8JsonWriter w, string name, int arity, string? infix, bool variadic, bool relation, bool nondeterministic)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteStartObject("decl");
        w.WriteStartArray("args");
        for (var i = 0; i < arity; i++)
        {
            Any(w);
        }

        w.WriteEndArray();
        w.WritePropertyName("result");
        if (name is "eq" or "assign" or "print" or "internal.print")
        {
            w.WriteStartObject();
            w.WriteString("type", "boolean");
            w.WriteEndObject();
        }
        else
        {
            Any(w);
        }

        if (variadic)
        {
            w.WritePropertyName("variadic");
            Any(w);
        }

        w.WriteString("type", "function");
        w.WriteEndObject();
        if (infix is not null)
        {
            w.WriteString("infix", infix);
        }

        if (relation)
        {
            w.WriteBoolean("relation", true);
        }

        if (nondeterministic)
        {
            w.WriteBoolean("nondeterministic", true);
        }

        w.WriteEndObject();
    }

    private static void Any(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type", "any");
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, string[] values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
