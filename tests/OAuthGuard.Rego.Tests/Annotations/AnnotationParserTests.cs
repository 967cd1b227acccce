using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Tests.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Tests.Annotations;

public sealed class AnnotationParserTests
{
    private const string Full = """
        # METADATA
        # title: Package title
        # description: About the package
        # scope: subpackages
        package a.b

        # METADATA
        # title: Consumer secret optional
        # description: >-
        #   Folded
        #   text
        # related_resources:
        #   - https://example.com/plain
        #   - ref: https://example.com/doc
        #     description: The doc
        # authors:
        #   - Jane Doe <jane@example.com>
        #   - name: John
        #     email: john@example.com
        #   - Only Name
        # organizations: [Acme, Umbrella]
        # schemas:
        #   - input: schema.input
        #   - data.x: {type: object}
        # custom:
        #   severity: high
        #   score: 7.5
        #   count: 3
        #   enabled: yes
        #   flag: true
        #   nothing: null
        #   quoted: "12"
        #   tags: [a, b]
        #   nested: {k: v}
        deny contains msg if msg := "x"
        """;

    [Fact]
    public void Every_field_is_parsed_into_typed_values()
    {
        var (module, diagnostics) = ParseHelper.Module(Full);
        Assert.Empty(diagnostics);
        Assert.NotNull(module);
        Assert.Equal(2, module.Annotations.Length);

        var package = module.Annotations[0];
        Assert.Same(module.Package, package.Target);
        var p = Assert.IsType<Annotation>(package.Annotation);
        Assert.Equal(AnnotationScopes.Subpackages, p.Scope);
        Assert.Equal("Package title", p.Title);
        Assert.Equal("data.a.b", p.Path);
        Assert.Equal((1, 1), (p.Location?.Line, p.Location?.Column));

        var rule = module.Annotations[1];
        Assert.Same(module.Rules[0], rule.Target);
        var a = Assert.IsType<Annotation>(rule.Annotation);
        Assert.Equal(AnnotationScopes.Rule, a.Scope);
        Assert.Equal("Consumer secret optional", a.Title);
        Assert.Equal("Folded text", a.Description);
        Assert.Equal("data.a.b.deny", a.Path);
        Assert.Equal([new RelatedResource("https://example.com/plain", null), new RelatedResource("https://example.com/doc", "The doc")], a.RelatedResources.ToArray());
        Assert.Equal([new Author("Jane Doe", "jane@example.com"), new Author("John", "john@example.com"), new Author("Only Name", null)], a.Authors.ToArray());
        Assert.Equal(["Acme", "Umbrella"], a.Organizations.ToArray());
        Assert.Equal("input", a.Schemas[0].Path);
        Assert.Equal("schema.input", a.Schemas[0].Schema);
        Assert.Equal("{\"type\": \"object\"}", a.Schemas[1].Definition?.ToString());

        var custom = Assert.IsType<RegoObject>(a.Custom);
        Assert.Equal(new RegoString("high"), custom.Get("severity"));
        Assert.Equal(RegoNumber.From(7.5), custom.Get("score"));
        Assert.Equal(RegoNumber.From(3), custom.Get("count"));
        Assert.Equal(new RegoString("yes"), custom.Get("enabled"));
        Assert.Equal(RegoBoolean.True, custom.Get("flag"));
        Assert.Equal(RegoNull.Instance, custom.Get("nothing"));
        Assert.Equal(new RegoString("12"), custom.Get("quoted"));
        Assert.Equal("[\"a\", \"b\"]", custom.Get("tags")?.ToString());
        Assert.Equal("{\"k\": \"v\"}", custom.Get("nested")?.ToString());
    }

    [Fact]
    public void The_value_is_the_object_rego_metadata_rule_returns()
    {
        var (module, _) = ParseHelper.Module("package t\n# METADATA\n# title: T\n# related_resources:\n# - https://x.example\n# authors:\n# - A B <a@b.c>\n# custom:\n#   k: 1\np := 1");
        var value = module!.Annotations[0].Annotation?.Value;
        Assert.Equal(
            "{\"authors\": [{\"email\": \"a@b.c\", \"name\": \"A B\"}], \"custom\": {\"k\": 1}, \"related_resources\": [{\"ref\": \"https://x.example\"}], \"scope\": \"rule\", \"title\": \"T\"}",
            value?.ToString());
    }

    [Theory]
    [InlineData("# METADATA\n# title: p\npackage t", "package", "data.t")]
    [InlineData("package t\n# METADATA\n# title: r\np := 1", "rule", "data.t.p")]
    [InlineData("package t\n# METADATA\n# entrypoint: true\np := 1", "document", "data.t.p")]
    [InlineData("package t\n# METADATA\n# scope: document\na.b[x] := 1 if x := \"k\"", "document", "data.t.a.b")]
    public void Default_scope_and_path_follow_the_target(string text, string scope, string path)
    {
        var (module, diagnostics) = ParseHelper.Module(text);
        Assert.Empty(diagnostics);
        var a = Assert.Single(module!.Annotations).Annotation;
        Assert.Equal((scope, path), (a?.Scope, a?.Path));
    }

    [Fact]
    public void Ordinary_comments_are_not_annotations()
    {
        var (module, diagnostics) = ParseHelper.Module("package t\n# just a comment\n# title: no\np := 1 # see METADATA\n");
        Assert.Empty(diagnostics);
        Assert.Empty(module!.Annotations);
    }

    [Fact]
    public void A_block_ends_at_the_first_line_that_is_not_a_column_1_comment()
    {
        var (module, diagnostics) = ParseHelper.Module("package t\n# METADATA\n# title: T\n\n# description: not part of it\np := 1");
        Assert.Empty(diagnostics);
        var a = Assert.Single(module!.Annotations).Annotation;
        Assert.Equal(("T", null), (a?.Title, a?.Description));
    }

    [Theory]
    [InlineData("package t\n# METADATA\n# title: [unclosed\np := 1", "2:1: rego_parse_error: yaml: line ")]
    [InlineData("package t\n# METADATA\n# bogus: 1\np := 1", "2:1: rego_parse_error: invalid METADATA key 'bogus'")]
    [InlineData("# METADATA\n# scope: rule\npackage t", "1:1: rego_parse_error: annotation scope 'rule' must be applied to rule (have package)")]
    [InlineData("package t\n# METADATA\n# scope: package\np := 1", "2:1: rego_parse_error: annotation scope 'package' must be applied to package (have rule)")]
    [InlineData("package t\n# METADATA\n# scope: nope\np := 1", "2:1: rego_parse_error: invalid annotation scope 'nope'. Use one of 'rule', 'document', 'package', or 'subpackages'")]
    [InlineData("package t\n# METADATA\n# entrypoint: true\n# scope: rule\np := 1", "2:1: rego_parse_error: annotation entrypoint applied to non-document or package scope 'rule'")]
    [InlineData("package t\n# METADATA\np := 1", "2:1: rego_parse_error: expected METADATA block, found whitespace")]
    [InlineData("package t\n# METADATA\n# authors:\n# - {}\np := 1", "2:1: rego_parse_error: invalid author definition: 'name' and/or 'email' values required in object")]
    [InlineData("package t\n# METADATA\n# related_resources:\n# - description: x\np := 1", "2:1: rego_parse_error: invalid related-resource definition")]
    [InlineData("package t\n# METADATA\n# title: dangling\n", "2:1: rego_parse_error: invalid annotation scope ''")]
    [InlineData("package t\np := 1 # METADATA\n", "2:8: rego_parse_error: expected METADATA block, found whitespace")]
    [InlineData("package t\n# METADATA\n# title: a\n# title: b\np := 1", "4:1: rego_parse_error: yaml: line 2: Duplicate key title")]
    [InlineData("package t\n# METADATA\n# custom: [1, 2]\np := 1", "2:1: rego_parse_error: invalid custom annotation: must be a map")]
    [InlineData("package t\n# METADATA\n# schemas:\n#   - input: notschema\np := 1", "2:1: rego_parse_error: invalid schema reference")]
    [InlineData("package t\n# METADATA\n# - a\n#&w(\"c [\"a\"\u0000\u0001se\n# - b\np := 1", "2:1: rego_parse_error: yaml: control characters are not allowed")] // fuzzing: YamlDotNet threw InvalidOperationException
    public void Invalid_blocks_are_parse_errors_with_a_position(string text, string expectedPrefix)
    {
        var (module, diagnostics) = ParseHelper.Module(text);
        var d = Assert.Single(diagnostics);
        Assert.StartsWith(expectedPrefix, $"{d.Line}:{d.Column}: {d.Code}: {d.Message}");
        Assert.NotNull(module);
    }
}
