using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Rego.Tests.Syntax;

/// <summary>Skips a test when OPA's compliance cases are not on this machine.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (ConformanceCorpus.Root is null)
        {
            Skip = "OPA compliance cases not found (set OPA_CONFORMANCE_DIR or place them in ../shared/opa-conformance)";
        }
    }
}

/// <summary>Locates the OPA compliance cases and reads the modules and queries out of them.</summary>
public static class ConformanceCorpus
{
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("OPA_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "opa-conformance"), Path.Combine(dir.FullName, "..", "shared", "opa-conformance") })
            {
                if (Directory.Exists(Path.Combine(candidate, "v1")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }

    /// <summary>Every case: file, note, modules, query, and whether a parse error is expected.</summary>
    public static IEnumerable<(string File, string Note, List<string> Modules, string? Query, bool WantsParseError)> Cases()
    {
        if (Root is null)
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "v1"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode("cases"), out var casesNode) || casesNode is not YamlSequenceNode cases)
            {
                continue;
            }

            foreach (var c in cases.OfType<YamlMappingNode>())
            {
                string? Scalar(string key) => c.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlScalarNode s ? s.Value : null;
                var modules = c.Children.TryGetValue(new YamlScalarNode("modules"), out var m) && m is YamlSequenceNode seq
                    ? seq.OfType<YamlScalarNode>().Select(x => x.Value ?? string.Empty).ToList()
                    : [];
                yield return (Path.GetRelativePath(Root, file), Scalar("note") ?? "?", modules, Scalar("query"), Scalar("want_error_code") == ErrorCodes.ParseError);
            }
        }
    }
}

public sealed class ConformanceCorpusTests
{
    [ConformanceFact]
    public void Every_module_and_query_parses_unless_a_parse_error_is_expected()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var (file, note, modules, query, wantsParseError) in ConformanceCorpus.Cases())
        {
            var diagnostics = new List<Diagnostic>();
            var ids = new NodeIdGenerator();
            for (var i = 0; i < modules.Count; i++)
            {
                count++;
                var module = RegoParser.ParseModule(new SourceText($"{note}#{i}", modules[i]), ids, diagnostics);
                if (module is null && diagnostics.Count == 0)
                {
                    failures.Add($"{file}: {note}: module {i} returned null without a diagnostic");
                }
            }

            if (query is not null)
            {
                count++;
                var q = RegoParser.ParseQuery(new SourceText($"{note}#query", query), ids, diagnostics);
                if (q is null && diagnostics.Count == 0)
                {
                    failures.Add($"{file}: {note}: query returned null without a diagnostic");
                }
            }

            if (wantsParseError && diagnostics.Count == 0)
            {
                failures.Add($"{file}: {note}: expected a parse error, got none");
            }
            else if (!wantsParseError)
            {
                failures.AddRange(diagnostics.Select(d => $"{file}: {d}"));
            }
        }

        Assert.True(count > 500, $"only {count} modules and queries found");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join('\n', failures.Take(60)));
    }
}

public sealed class ConformanceRoundTripTests
{
    /// <summary>Printing a parsed module and parsing the print again must give the same print: catches precedence and shape bugs.</summary>
    [ConformanceFact]
    public void Printed_modules_parse_back_to_the_same_tree()
    {
        var failures = new List<string>();
        foreach (var (file, note, modules, _, wantsParseError) in ConformanceCorpus.Cases())
        {
            if (wantsParseError)
            {
                continue;
            }

            foreach (var text in modules)
            {
                var diagnostics = new List<Diagnostic>();
                var module = RegoParser.ParseModule(new SourceText(note, text), new NodeIdGenerator(), diagnostics);
                if (module is null)
                {
                    continue;
                }

                var printed = module.ToString();
                var again = RegoParser.ParseModule(new SourceText(note + " (printed)", printed), new NodeIdGenerator(), diagnostics);
                var reprinted = again?.ToString();
                if (diagnostics.Count > 0 || reprinted != printed)
                {
                    failures.Add($"{file}: {note}\n{printed}\n--- reprinted:\n{reprinted}\n{string.Join('\n', diagnostics)}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n\n", failures.Take(10)));
    }
}
