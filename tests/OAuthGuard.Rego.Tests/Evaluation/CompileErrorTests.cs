using OAuthGuard.Rego.Diagnostics;
using static OAuthGuard.Rego.Tests.Evaluation.EvalHelper;

namespace OAuthGuard.Rego.Tests.Evaluation;

public sealed class CompileErrorTests
{
    [Fact]
    public void UnsafeVariablesAreReported()
    {
        var d = Assert.Single(CompileErrors("""
            package t
            p if { x > 1 }
            """));
        Assert.Equal(ErrorCodes.UnsafeVarError, d.Code);
        Assert.Equal("var x is unsafe", d.Message);
        Assert.Equal(2, d.Line);
    }

    [Fact]
    public void UnsafeHeadVariablesAreReported()
    {
        var d = Assert.Single(CompileErrors("""
            package t
            p contains y if { true }
            """));
        Assert.Equal(ErrorCodes.UnsafeVarError, d.Code);
        Assert.Equal("var y is unsafe", d.Message);
    }

    [Fact]
    public void RecursionIsReported()
    {
        var errors = CompileErrors("""
            package t
            p if q
            q if p
            """);
        var d = errors[0];
        Assert.Equal(ErrorCodes.RecursionError, d.Code);
        Assert.Equal("rule data.t.p is recursive: data.t.p -> data.t.q -> data.t.p", d.Message);
    }

    [Fact]
    public void UndefinedFunctionsAndArityAreTypeErrors()
    {
        var d = Assert.Single(CompileErrors("""
            package t
            p := nope(1)
            """));
        Assert.Equal(ErrorCodes.TypeError, d.Code);
        Assert.Equal("undefined function nope", d.Message);
        var arity = Assert.Single(CompileErrors("""
            package t
            p := count(1, 2, 3)
            """));
        Assert.Equal("count: too many arguments", arity.Message);
    }

    [Fact]
    public void MixedRuleKindsConflict()
    {
        var d = Assert.Single(CompileErrors("""
            package t
            p := 1
            p contains 2
            """));
        Assert.Equal(ErrorCodes.TypeError, d.Code);
        Assert.Equal("conflicting rules data.t.p found", d.Message);
    }

    [Fact]
    public void StagesRunInOrderAndReportTimings()
    {
        var result = Compiler("""
            package t
            p := 1
            """).Compile();
        var names = result.Policy!.StageTimings.Select(t => t.Stage).ToArray();
        Assert.Equal(["ParseModules", "MergeBaseData", "ResolveImportsAndRefs", "BuildRuleTree", "CheckRuleConflicts", "CheckUndefinedFunctions", "CheckSafety", "CheckRecursion", "AttachAnnotations"], names);
    }
}
