using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Tests.Syntax;

/// <summary>Parses test snippets and prints them back.</summary>
internal static class ParseHelper
{
    public static (RegoModule? Module, List<Diagnostic> Diagnostics) Module(string text, string path = "test.rego")
    {
        var diagnostics = new List<Diagnostic>();
        var module = RegoParser.ParseModule(new SourceText(path, text), new NodeIdGenerator(), diagnostics);
        return (module, diagnostics);
    }

    /// <summary>Parses <paramref name="rules"/> after a package line; fails on any diagnostic; prints the rules one per line.</summary>
    public static string Rules(string rules)
    {
        var (module, diagnostics) = Module("package test\n" + rules);
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
        Assert.NotNull(module);
        return string.Join('\n', module.Rules.Select(r => r.ToString()));
    }

    public static Rule Rule(string rule)
    {
        var (module, diagnostics) = Module("package test\n" + rule);
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
        Assert.NotNull(module);
        return Assert.Single(module.Rules);
    }

    public static string Errors(string text) =>
        string.Join('\n', Module(text).Diagnostics.Select(d => $"{d.Line}:{d.Column}: {d.Code}: {d.Message}"));
}
