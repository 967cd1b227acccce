using OAuthGuard.Repository;
using OAuthGuard.Suppressions;

namespace OAuthGuard.Core.Tests;

public sealed class InlineSuppressionTests
{
    private static MetadataComment Comment(string text, string path = "oauthConfig") => new("a.xml", text, 7, 5, path);

    [Fact]
    public void Parses_rules_reason_and_expiry()
    {
        var s = InlineSuppression.TryParse(Comment(" oauthguard-suppress SFOAUTH001,SFOAUTH002 reason=\"JWT only; secret unused\" expires=2026-03-01 "), out var problem);

        Assert.Null(problem);
        Assert.NotNull(s);
        Assert.Equal(["SFOAUTH001", "SFOAUTH002"], s.RuleIds.ToArray());
        Assert.Equal("JWT only; secret unused", s.Reason);
        Assert.Equal(new DateOnly(2026, 3, 1), s.Expires);
        Assert.Equal(("a.xml", 7, "oauthConfig"), (s.File, s.Line, s.ElementPath));
    }

    [Fact]
    public void A_suppression_without_reason_parses_but_has_no_reason()
    {
        var s = InlineSuppression.TryParse(Comment("oauthguard-suppress SFOAUTH001"), out var problem);

        Assert.Null(problem);
        Assert.Null(s?.Reason);
    }

    [Theory]
    [InlineData("consumerKey>RETRIEVED</consumerKey")]
    [InlineData("oauthguard-suppressed is not the directive")]
    [InlineData("  This app is managed by the platform team  ")]
    public void Ordinary_comments_are_not_suppressions(string text)
    {
        Assert.Null(InlineSuppression.TryParse(Comment(text), out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("oauthguard-suppress reason=\"x\"", "name the rule")]
    [InlineData("oauthguard-suppress SFOAUTH001 reason=\"unterminated", "unterminated quote")]
    [InlineData("oauthguard-suppress SFOAUTH001 expires=soon reason=x", "expires must be a date")]
    [InlineData("oauthguard-suppress SFOAUTH001 because=x", "unknown key 'because'")]
    [InlineData("oauthguard-suppress reason=x SFOAUTH001", "rule ids must come before")]
    public void Malformed_directives_say_what_is_wrong(string text, string expected)
    {
        Assert.Null(InlineSuppression.TryParse(Comment(text), out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oauthConfig", "oauthConfig/isConsumerSecretOptional", true)]
    [InlineData("oauthConfig", "oauthConfig", true)]
    [InlineData("oauthConfig", "oauthConfigX/y", false)]
    [InlineData("oauthConfig", "oauthPolicy/ipRelaxation", false)]
    [InlineData("", "oauthPolicy/ipRelaxation", true)]
    public void Covers_the_element_it_precedes_and_everything_inside_it(string scope, string findingPath, bool covered)
    {
        var s = new InlineSuppression("a.xml", 3, scope, ["SFOAUTH001"], "r", null);

        Assert.Equal(covered, s.Covers("SFOAUTH001", "a.xml", findingPath));
        Assert.False(s.Covers("SFOAUTH002", "a.xml", findingPath));
        Assert.False(s.Covers("SFOAUTH001", "b.xml", findingPath));
    }
}
