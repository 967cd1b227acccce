using static OAuthGuard.Rego.Tests.Evaluation.EvalHelper;

namespace OAuthGuard.Rego.Tests.Evaluation;

public sealed class MetadataTests
{
    private const string Module = """
        # METADATA
        # description: pkg
        package t

        # METADATA
        # title: The rule
        p := rego.metadata.rule()

        # METADATA
        # title: Chained
        q := rego.metadata.chain()
        """;

    [Fact]
    public void RuleMetadataIsTheRulesAnnotation()
    {
        var p = Compile(Module);
        Assert.Equal("{\"scope\": \"rule\", \"title\": \"The rule\"}", Value(p, "data.t.p"));
    }

    [Fact]
    public void ChainListsRuleThenPackage()
    {
        var p = Compile(Module);
        Assert.Equal(
            "[{\"annotations\": {\"scope\": \"rule\", \"title\": \"Chained\"}, \"path\": [\"t\", \"q\"]}, {\"annotations\": {\"description\": \"pkg\", \"scope\": \"package\"}, \"path\": [\"t\"]}]",
            Value(p, "data.t.q"));
    }

    [Fact]
    public void AnnotationsCarryTheirTargetPath()
    {
        var p = Compile(Module);
        Assert.Equal(["data.t", "data.t.p", "data.t.q"], p.Annotations.Select(a => a.Annotation.Path));
    }
}
