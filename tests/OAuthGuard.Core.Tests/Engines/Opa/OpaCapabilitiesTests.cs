using System.Text.Json;
using OAuthGuard.Engines.Opa;
using OAuthGuard.Rego.Builtins;

namespace OAuthGuard.Core.Tests.Engines.Opa;

/// <summary>
/// Issue 11: repository policies run under --engine opa could call http.send and other builtins the embedded engine
/// lacks. opa now gets a capabilities file generated from the embedded registry.
/// </summary>
public sealed class OpaCapabilitiesTests
{
    private static readonly string[] EngineOwn = ["eq", "assign", "print", "internal.print", "rego.metadata.chain", "rego.metadata.rule"];

    [Fact]
    public void The_file_lists_exactly_the_embedded_builtins_in_OPAs_format()
    {
        using var doc = JsonDocument.Parse(OpaCapabilities.Json(BuiltinRegistry.Default));
        var builtins = doc.RootElement.GetProperty("builtins").EnumerateArray().ToList();
        var names = builtins.Select(b => b.GetProperty("name").GetString()!).ToList();

        var expected = BuiltinRegistry.Default.Declarations.Select(d => d.Name)
            .Where(n => !OpaCapabilities.NeverOffered.Contains(n) && BuiltinRegistry.Default.Declarations.Single(d => d.Name == n).Withheld is null)
            .Concat(EngineOwn).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected, names);
        Assert.DoesNotContain("http.send", names);
        Assert.DoesNotContain("net.lookup_ip_addr", names);
        foreach (var b in builtins)
        {
            var decl = b.GetProperty("decl");
            Assert.Equal("function", decl.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Array, decl.GetProperty("args").ValueKind);
            Assert.True(decl.TryGetProperty("result", out _));
        }

        var count = builtins.Single(b => b.GetProperty("name").GetString() == "count");
        Assert.Equal(1, count.GetProperty("decl").GetProperty("args").GetArrayLength());
        Assert.Equal("+", builtins.Single(b => b.GetProperty("name").GetString() == "plus").GetProperty("infix").GetString());
        Assert.Contains("rego_v1", doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Builtins_the_registry_declares_but_withholds_are_never_offered()
    {
        var withheld = BuiltinRegistry.Default.Declarations.Where(d => d.Withheld is not null).Select(d => d.Name).ToList();
        Assert.Contains("http.send", withheld);

        var json = OpaCapabilities.Json(BuiltinRegistry.Default);

        Assert.All(withheld, name => Assert.DoesNotContain($"\"{name}\"", json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_opa_call_passes_the_capabilities_file()
    {
        using var opa = new StandInOpa("echo 'Version: 1.4.2'", "echo '{}'");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        await cli.EvalAsync(["p.rego"], "data.x", null);

        opa.RecordedArgumentsWithoutCapabilities(out var file);
        Assert.NotNull(file);
        Assert.Equal(OpaCapabilities.Json(BuiltinRegistry.Default), File.ReadAllText(file));
    }
}
