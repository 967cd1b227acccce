using OAuthGuard.Engines;
using OAuthGuard.Findings;

namespace OAuthGuard.Core.Tests.Engines;

public sealed class EngineComparisonTests
{
    private static readonly Finding Base = new(
        "SFOAUTH001", Severity.Critical, "Billing", "connectedApp", "a/Billing.connectedApp-meta.xml", 9, 9,
        "oauthConfig/isConsumerSecretOptional", "Secret optional.", ["x"], [], "fp1", null);

    private static ScanResult Scan(params Finding[] findings) => new([], [.. findings], [], "e", 1, 1);

    [Fact]
    public void Identical_scans_have_no_differences()
    {
        Assert.Empty(EngineComparison.Compare(Scan(Base), Scan(Base with { Fingerprint = "fp1" })));
    }

    [Fact]
    public void Every_visible_field_is_compared()
    {
        var other = Base with { Line = 10, Severity = Severity.High, Message = "Other.", Aggravating = ["y"] };

        var d = Assert.Single(EngineComparison.Compare(Scan(Base), Scan(other)));

        Assert.Equal(["location", "severity", "message", "factors"], d.Fields.ToArray());
    }

    [Fact]
    public void A_finding_on_one_side_only_is_reported_with_the_side()
    {
        var extra = Base with { RuleId = "SFOAUTH002" };

        var differences = EngineComparison.Compare(Scan(Base), Scan(Base, extra));

        var d = Assert.Single(differences);
        Assert.Null(d.Left);
        Assert.Equal("SFOAUTH002", d.Right?.RuleId);
        var text = new StringWriter();
        EngineComparison.Write(differences, "embedded", "opa", text);
        Assert.Contains("embedded: (no finding)", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_on_one_side_is_a_difference()
    {
        Assert.Single(EngineComparison.Compare(Scan(Base), Scan(Base, Base)));
        Assert.Empty(EngineComparison.Compare(Scan(Base, Base), Scan(Base, Base)));
    }
}
