using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Testing;
using static OAuthGuard.Rego.Tests.Evaluation.EvalHelper;

namespace OAuthGuard.Rego.Tests.Evaluation;

public sealed class PolicyTestRunnerTests
{
    [Fact]
    public void ReportsPassFailErrorAndSkipPerTest()
    {
        var p = Compile(
            """
            package app
            allow if input.role == "admin"
            level := 1 if input.a
            level := 2 if input.b
            """,
            """
            package app_test
            import data.app
            test_admin_allowed if app.allow with input as {"role": "admin"}
            test_guest_allowed if app.allow with input as {"role": "guest"}
            test_conflict if app.level with input as {"a": true, "b": true}
            todo_later if false
            """);
        var results = new PolicyTestRunner(p).Run();
        Assert.Equal(
            ["data.app_test.test_admin_allowed:Pass", "data.app_test.test_guest_allowed:Fail", "data.app_test.test_conflict:Error", "data.app_test.todo_later:Skip"],
            results.Select(r => $"{r.FullName}:{r.Outcome}"));
        Assert.Equal(ErrorCodes.ConflictError, results[2].Error?.Code);
        Assert.True(results.All(r => r.Duration >= TimeSpan.Zero));
    }

    [Fact]
    public void FilterSelectsTests()
    {
        var p = Compile("""
            package t
            test_a if true
            test_b if true
            """);
        var results = new PolicyTestRunner(p).Run(new PolicyTestOptions { Filter = n => n.EndsWith("_b", StringComparison.Ordinal) });
        Assert.Equal("data.t.test_b", Assert.Single(results).FullName);
    }
}
