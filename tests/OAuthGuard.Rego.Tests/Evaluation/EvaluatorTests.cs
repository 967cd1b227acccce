using OAuthGuard.Rego.Diagnostics;
using static OAuthGuard.Rego.Tests.Evaluation.EvalHelper;

namespace OAuthGuard.Rego.Tests.Evaluation;

public sealed class EvaluatorTests
{
    [Fact]
    public void CompleteRulesDefaultsAndElse()
    {
        var p = Compile("""
            package t
            default allow := false
            allow if input.user == "admin"
            grade := "a" if input.score > 90
            else := "b" if input.score > 50
            else := "c"
            """);
        Assert.Equal("true", Value(p, "data.t.allow", """{"user":"admin","score":70}"""));
        Assert.Equal("false", Value(p, "data.t.allow", """{"user":"bob","score":95}"""));
        Assert.Equal("\"b\"", Value(p, "data.t.grade", """{"score":70}"""));
        Assert.Equal("\"a\"", Value(p, "data.t.grade", """{"score":95}"""));
        Assert.Equal("\"c\"", Value(p, "data.t.grade", """{"score":1}"""));
    }

    [Fact]
    public void PartialSetsAndObjectsIterateAndLookUp()
    {
        var p = Compile("""
            package t
            names contains n if some n in input.xs
            by_len[n] := count(n) if some n in input.xs
            """);
        const string input = """{"xs":["ab","c","ab"]}""";
        Assert.Equal("{\"ab\", \"c\"}", Value(p, "data.t.names", input));
        Assert.Equal("{\"ab\": 2, \"c\": 1}", Value(p, "data.t.by_len", input));
        Assert.Equal("{k: \"ab\", v: 2}; {k: \"c\", v: 1}", Query(p, "data.t.by_len[k] = v", input));
        Assert.Equal("{}", Query(p, "data.t.names[\"c\"]", input));
        Assert.Equal(string.Empty, Query(p, "data.t.names[\"zz\"]", input));
    }

    [Fact]
    public void GenericRefHeadsBuildNestedObjects()
    {
        var p = Compile("""
            package t
            p[q].r := i if some i, q in ["a", "b"]
            p.c.r := 9
            """);
        Assert.Equal("{\"a\": {\"r\": 0}, \"b\": {\"r\": 1}, \"c\": {\"r\": 9}}", Value(p, "data.t.p"));
        Assert.Equal("1", Value(p, "data.t.p.b.r"));
    }

    [Fact]
    public void FunctionsWithSeveralDefinitionsAndConflicts()
    {
        var p = Compile("""
            package t
            f(x) := "small" if x < 10
            f(x) := "big" if x > 5
            g([a, b]) := a + b
            """);
        Assert.Equal("\"small\"", Value(p, "data.t.f(1)"));
        Assert.Equal("\"big\"", Value(p, "data.t.f(20)"));
        Assert.Equal("3", Value(p, "data.t.g([1, 2])"));
        var e = EvalError(p, "data.t.f(7)");
        Assert.Equal(ErrorCodes.ConflictError, e.Code);
        Assert.Equal("function data.t.f produced conflicting values for the same inputs", e.Message);
    }

    [Fact]
    public void CompleteRuleConflictIsAnError()
    {
        var p = Compile("""
            package t
            p := 1 if input.a
            p := 2 if input.b
            """);
        Assert.Equal("1", Value(p, "data.t.p", """{"a":true}"""));
        var e = EvalError(p, "data.t.p", """{"a":true,"b":true}""");
        Assert.Equal(ErrorCodes.ConflictError, e.Code);
        Assert.Equal("rule data.t.p produced conflicting values", e.Message);
    }

    [Fact]
    public void PartialObjectKeyConflictIsAnError()
    {
        var p = Compile("""
            package t
            p[k] := v if { some k in ["a", "a"]; some v in [1, 2] }
            """);
        var e = EvalError(p, "data.t.p");
        Assert.Equal(ErrorCodes.ConflictError, e.Code);
        Assert.Equal("object keys must be unique", e.Message);
    }

    [Fact]
    public void NegationEveryAndSomeIn()
    {
        var p = Compile("""
            package t
            all_pos if every x in input.xs { x > 0 }
            none_zero if not zero
            zero if { some x in input.xs; x == 0 }
            pairs contains [k, v] if some k, v in input.o
            """);
        Assert.Equal("true", Value(p, "data.t.all_pos", """{"xs":[1,2]}"""));
        Assert.Equal("undefined", Value(p, "data.t.all_pos", """{"xs":[1,-2]}"""));
        Assert.Equal("true", Value(p, "data.t.all_pos", """{"xs":[]}"""));
        Assert.Equal("true", Value(p, "data.t.none_zero", """{"xs":[1]}"""));
        Assert.Equal("undefined", Value(p, "data.t.none_zero", """{"xs":[0]}"""));
        Assert.Equal("{[\"a\", 1], [\"b\", 2]}", Value(p, "data.t.pairs", """{"o":{"b":2,"a":1}}"""));
    }

    [Fact]
    public void ComprehensionsSeeOuterVariablesAndKeepTheirOwn()
    {
        var p = Compile("""
            package t
            r := [y | some y in input.xs; y > m] if m := 1
            s := {x: n | some x in input.ys; n := count(x)}
            """);
        Assert.Equal("[2, 3]", Value(p, "data.t.r", """{"xs":[1,2,3]}"""));
        Assert.Equal("{\"a\": 1, \"bb\": 2}", Value(p, "data.t.s", """{"ys":["a","bb"]}"""));
    }

    [Fact]
    public void BodiesAreReorderedSoVariablesAreBoundBeforeUse()
    {
        var p = Compile("""
            package t
            p := y if {
              y > 1
              y = x + 1
              x = input.n
            }
            """);
        Assert.Equal("6", Value(p, "data.t.p", """{"n":5}"""));
    }

    [Fact]
    public void WithReplacesInputDataRulesAndFunctions()
    {
        var p = Compile("""
            package t
            base := data.cfg.level
            p if input.x == 1
            q if p
            n := count(input.xs)
            f(x) := x + 1
            g := f(1)
            """);
        Assert.Equal("{}", Query(p, "data.t.p with input as {\"x\": 1}"));
        Assert.Equal("{}", Query(p, "data.t.q with data.t.p as true"));
        Assert.Equal("{x: 3}", Query(p, "x := data.t.base with data.cfg.level as 3"));
        Assert.Equal("{x: 42}", Query(p, "x := data.t.n with count as 42 with input.xs as [1]"));
        Assert.Equal("{x: 7}", Query(p, "x := data.t.g with data.t.f as 7"));
        Assert.Equal("{x: 2}", Query(p, "x := data.t.g"));
    }

    [Fact]
    public void RulesAndFunctionsWithOneConstantValueStopAtTheFirstDefinitionThatSucceeds()
    {
        // OPA's early exit: every definition has the same constant value, so the later ones (which would fail with a
        // strict builtin error) are not evaluated once one succeeded; with differing values all of them are.
        var p = Compile("""
            package t
            allow if input.ok
            allow if fails(1)
            f(x) := "yes" if x > 0
            f(x) := "yes" if fails(1)
            g(x) := 1 if x > 0
            g(x) := 2 if fails(1)
            a := f(1)
            b := g(1)
            """);
        var strict = new EvaluationOptions { StrictBuiltinErrors = true };
        Assert.Equal("true", p.Evaluate("x := data.t.allow", OAuthGuard.Rego.Values.RegoJson.Parse("""{"ok": true}"""), strict).Solutions[0].Bindings["x"].ToString());
        Assert.Equal("\"yes\"", p.Evaluate("x := data.t.a", null, strict).Solutions[0].Bindings["x"].ToString());
        Assert.Equal(ErrorCodes.BuiltinError, EvalError(p, "data.t.b", null, strict).Code);
        Assert.Equal(ErrorCodes.BuiltinError, EvalError(p, "data.t.allow", """{"ok": false}""", strict).Code);
    }

    [Fact]
    public void QueryReportsNamedBindingsAndExpressionValues()
    {
        var p = Compile("""
            package t
            xs := [10, 20]
            """);
        var result = p.Evaluate("data.t.xs[i]; _ = 1");
        Assert.Equal(2, result.Solutions.Length);
        Assert.Equal("20", result.Solutions[1].Expressions[0].Value.ToString());
        Assert.Equal("true", result.Solutions[1].Expressions[1].Value.ToString());
        Assert.Equal(["i"], result.Solutions[1].Bindings.Keys);
        Assert.True(p.Evaluate("data.t.nothing").IsUndefined);
    }

    [Fact]
    public void BuiltinErrorsMapToOpaCodes()
    {
        var p = Compile("""
            package t
            a := upper(1)
            b := fails(1)
            """);
        // As in OPA, a wrong operand type is a builtin error: undefined unless builtin errors are strict.
        Assert.Equal("undefined", Value(p, "data.t.a"));
        var e = EvalError(p, "data.t.a", null, new EvaluationOptions { StrictBuiltinErrors = true });
        Assert.Equal(ErrorCodes.EvalTypeError, e.Code);
        Assert.Equal("upper: operand 1 must be string but got number", e.Message);
        Assert.Equal("undefined", Value(p, "data.t.b"));
        var strict = EvalError(p, "data.t.b", null, new EvaluationOptions { StrictBuiltinErrors = true });
        Assert.Equal(ErrorCodes.BuiltinError, strict.Code);
        Assert.Equal("fails: it failed", strict.Message);
    }

    [Fact]
    public void ImportsAndAliasesResolveToDataAndInput()
    {
        var p = Compile(
            """
            package lib
            double(x) := x * 2
            limit := 3
            """,
            """
            package t
            import data.lib
            import data.lib.limit as max
            import input.user
            r := lib.double(max) if user == "u"
            """);
        Assert.Equal("6", Value(p, "data.t.r", """{"user":"u"}"""));
    }

    [Fact]
    public void BaseDataMergesWithRules()
    {
        var compiler = Compiler("""
            package a
            r := data.a.b + 1
            """).AddData(OAuthGuard.Rego.Values.RegoJson.Parse("""{"a":{"b":1}}"""));
        var p = compiler.Compile().Policy!;
        Assert.Equal("{\"b\": 1, \"r\": 2}", Value(p, "data.a"));
    }

    [Fact]
    public void PrintWritesToTheConfiguredWriter()
    {
        var p = Compile("""
            package t
            p if { print("hello", input.missing, 1) }
            """);
        var sw = new StringWriter();
        Assert.Equal("{}", Query(p, "data.t.p", "{}", new EvaluationOptions { PrintOutput = sw }));
        Assert.Equal("hello <undefined> 1", sw.ToString().TrimEnd());
    }

    [Fact]
    public void StepLimitCancelsEvaluation()
    {
        var p = Compile("""
            package t
            p := [[x, y] | some x in numbers; some y in numbers]
            numbers := [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
            """);
        var e = EvalError(p, "data.t.p", null, new EvaluationOptions { MaxSteps = 5 });
        Assert.Equal(ErrorCodes.CancelError, e.Code);
    }

    [Fact]
    public void StepLimitErrorNamesThePolicyAndTheRule()
    {
        var p = Compile("""
            package t
            p := count([[x, y] | some x in input; some y in input])
            """);
        var e = EvalError(p, "data.t.p", Thousand, new EvaluationOptions { MaxSteps = 10_000 });
        Assert.Equal(ErrorCodes.CancelError, e.Code);
        Assert.Contains("evaluation exceeded the step limit (10,000 steps) in rule data.t.p", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Span);
        Assert.Equal(2, e.Span.Value.Line);
    }

    [Fact]
    public void WallClockLimitStopsALongQueryAndNamesTheRule()
    {
        // About 10^12 steps: only the time limit can stop it within the test.
        var p = Compile("""
            package t
            slow if {
                some a in input
                some b in input
                some c in input
                some d in input
                a + b + c + d < 0
            }
            """);
        var e = EvalError(p, "data.t.slow", Thousand, new EvaluationOptions { MaxSteps = long.MaxValue, Timeout = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(ErrorCodes.CancelError, e.Code);
        Assert.Contains("evaluation exceeded the time limit (0.2 s) in rule data.t.slow", e.Message, StringComparison.Ordinal);
    }

    private static readonly string Thousand = "[" + string.Join(',', Enumerable.Range(0, 1000)) + "]";

    [Fact]
    public void EveryEvaluationHasATimeLimitByDefault()
    {
        Assert.NotNull(EvaluationOptions.Default.Timeout);
        Assert.True(EvaluationOptions.Default.MaxSteps < long.MaxValue);
    }
}
