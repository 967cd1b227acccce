using System.Text;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Tests.Evaluation;

/// <summary>
/// The size budget: each policy here would allocate gigabytes (most of them within a few dozen steps, far inside the
/// step budget) and must instead stop quickly with <c>eval_cancel_error</c> naming the rule and the policy file. The
/// tests use a small budget so that even what they allocate before the limit stays small.
/// </summary>
public sealed class SizeBudgetTests
{
    private const string File = "repo/policies/blowup.rego";

    /// <summary>1 MiB per value, 8 MiB in all, 4,096-bit integers.</summary>
    private static readonly EvaluationOptions Small = new() { MaxValueBytes = 1 << 20, MaxTotalBytes = 8 << 20, MaxNumberBits = 4096 };

    /// <summary><c>x0 := seed</c>, then <c>x{i} := step(x{i-1})</c> forty times: a doubling chain is 2^40 long at its end.</summary>
    private static string Chain(string seed, string step, int length = 40)
    {
        var sb = new StringBuilder("package t\n\nx0 := ").Append(seed).Append('\n');
        for (var i = 1; i <= length; i++)
        {
            sb.Append('x').Append(i).Append(" := ").Append(step.Replace("PREV", "x" + (i - 1), StringComparison.Ordinal)).Append('\n');
        }

        return sb.ToString();
    }

    private static CompiledPolicy Compile(string module)
    {
        var result = new RegoCompiler().AddModule(File, module).Compile();
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Policy!;
    }

    private static Diagnostic Fails(string module, string query, string limit, string rule, EvaluationOptions? options = null)
    {
        var policy = Compile(module);
        var e = Assert.Throws<RegoException>(() => policy.Evaluate(query, null, options ?? Small)).Diagnostic;
        Assert.Equal(ErrorCodes.CancelError, e.Code);
        Assert.Contains($"evaluation exceeded the {limit} limit", e.Message, StringComparison.Ordinal);
        Assert.Contains($"in rule data.t.{rule}", e.Message, StringComparison.Ordinal);
        Assert.Equal(File, e.File);
        return e;
    }

    [Fact]
    public void Doubling_a_string_with_concat_stops_at_the_value_limit()
    {
        var e = Fails(Chain("\"ab\"", "concat(\"\", [PREV, PREV])"), "data.t.x40", "value size", "x19");
        Assert.Contains("the limit is 1,048,576 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(22, e.Span!.Value.Line);
    }

    [Fact]
    public void Concat_of_one_long_string_many_times_is_refused_before_it_is_built()
    {
        // 2^18 characters (half the cap) joined 100,000 times would be 26 G characters in one call.
        var module = Chain("\"ab\"", "concat(\"\", [PREV, PREV])", 17) + "big := concat(\"\", [s | some i in numbers.range(1, 100000); s := x17])\n";
        Fails(module, "data.t.big", "value size", "big");
    }

    [Fact]
    public void Doubling_with_sprintf_and_wide_verbs_stop_at_the_value_limit()
    {
        Fails(Chain("\"ab\"", "sprintf(\"%s%s\", [PREV, PREV])"), "data.t.x40", "value size", "x19");

        // 200 verbs padded to 999,999 characters each: 200 M characters from a 2 KB format.
        var format = string.Concat(Enumerable.Repeat("%999999d", 200));
        var args = string.Join(", ", Enumerable.Repeat("1", 200));
        Fails($"package t\n\nwide := sprintf(\"{format}\", [{args}])\n", "data.t.wide", "value size", "wide");
    }

    [Fact]
    public void Doubling_an_array_stops_at_the_value_limit()
    {
        Fails(Chain("[1, 2]", "array.concat(PREV, PREV)"), "data.t.x40", "value size", "x15");
    }

    [Fact]
    public void Ranges_large_at_once_or_in_total_stop()
    {
        Fails("package t\n\nr := numbers.range(1, 9000000)\n", "data.t.r", "value size", "r");

        // Each range is under the value cap; 30,000 of them (270 M numbers, gigabytes) are not under the total.
        Fails("package t\n\nrs := [numbers.range(1, 9000) | some i in numbers.range(1, 30000)]\n", "data.t.rs", "total size", "rs");
    }

    [Fact]
    public void Huge_integers_stop_at_the_number_limit()
    {
        // Squaring thirty times: 2^36 bits.
        Fails(Chain("4611686018427387903", "PREV * PREV", 30), "data.t.x30", "number size", "x7");
        Fails("package t\n\np := product([n | some i in numbers.range(1, 1000); n := 4611686018427387903])\n", "data.t.p", "number size", "p");
        Fails("package t\n\nl := bits.lsh(1, 1000000)\n", "data.t.l", "number size", "l");
        Fails($"package t\n\nn := to_number(\"{new string('9', 20_000)}\")\n", "data.t.n", "number size", "n");
    }

    [Fact]
    public void Writing_out_a_value_shared_many_times_over_stops()
    {
        // x40 holds 40 arrays of two references each: tiny to hold, 2^40 leaves to write out.
        var chain = Chain("\"leaf\"", "[PREV, PREV]");
        Fails(chain + "j := json.marshal(x40)\n", "data.t.j", "value size", "j");
        Fails(chain + "j := json.marshal_with_options(x40, {\"pretty\": true})\n", "data.t.j", "value size", "j");
        Fails(chain + "y := yaml.marshal(x40)\n", "data.t.y", "value size", "y");
        Fails(chain + "s := sprintf(\"%v\", [x40])\n", "data.t.s", "value size", "s");
        Fails(chain + "w := [p | walk(x40, [p, _])]\n", "data.t.w", "value size", "w");
        Fails(chain + "t := io.jwt.encode_sign({\"alg\": \"HS256\"}, {\"x\": x40}, {\"kty\": \"oct\", \"k\": \"c2VjcmV0\"})\n", "data.t.t", "value size", "t");
        Fails(chain + "p := true if print(x40)\n", "data.t.p", "value size", "p", Small with { PrintOutput = new StringWriter() });
    }

    [Fact]
    public void A_result_that_writes_out_longer_than_the_limit_is_refused_naming_where()
    {
        // Evaluating x40 is cheap (it holds 80 references); writing it out is 2^40 leaves.
        var policy = Compile(Chain("\"leaf\"", "[PREV, PREV]"));
        var value = policy.Evaluate("x := data.t", null, Small).Solutions.Single().Bindings["x"];
        var e = Assert.Throws<RegoException>(() => RegoJson.Serialize(value, 1 << 20)).Diagnostic;
        Assert.Equal(ErrorCodes.CancelError, e.Code);
        Assert.Contains("evaluation exceeded the value size limit (the value at x", e.Message, StringComparison.Ordinal);
        Assert.Contains("written out is more than 1,048,576 bytes", e.Message, StringComparison.Ordinal);
        Assert.Throws<RegoException>(() => RegoJson.ToNode(value, 1 << 20));

        // Writing a set keyed by shared values charges the keys too.
        var keyed = policy.Evaluate("x := {data.t.x30: 1}", null, Small).Solutions.Single().Bindings["x"];
        Assert.Throws<RegoException>(() => RegoJson.Serialize(keyed, 1 << 20));
        Assert.Equal("[\"leaf\",\"leaf\"]", RegoJson.Serialize(policy.Evaluate("x := data.t.x1", null, Small).Solutions.Single().Bindings["x"], 1 << 20));
    }

    [Fact]
    public void A_value_nested_deeper_than_the_writer_allows_is_an_error_not_its_exception()
    {
        // 4,100 literals each wrapping the last: json.marshal and the result's JSON used to throw the writer's
        // InvalidOperationException, which nothing caught (a crash with a stack trace).
        var sb = new StringBuilder("package t\n\nv := x4100 if {\n    x0 := 1\n");
        for (var i = 1; i <= 4100; i++)
        {
            sb.Append("    x").Append(i).Append(" := [x").Append(i - 1).Append("]\n");
        }

        sb.Append("}\n\nj := json.marshal(v)\n");
        var e = Fails(sb.ToString(), "data.t.j", "depth", "j", EvaluationOptions.Default);
        Assert.Contains("nested more than 4,096 levels deep to write out", e.Message, StringComparison.Ordinal);

        var policy = Compile(sb.ToString());
        var value = policy.Evaluate("x := data.t.v").Solutions.Single().Bindings["x"];
        Assert.Equal(ErrorCodes.CancelError, Assert.Throws<RegoException>(() => RegoJson.ToNode(value)).Diagnostic.Code);
    }

    [Fact]
    public void Indented_writing_counts_the_bytes_really_written()
    {
        // Pretty output (as eval prints it) spends most of its bytes on indentation: the limit is on what is written.
        var policy = Compile(Chain("\"leaf\"", "[PREV, PREV]"));
        var value = policy.Evaluate("x := data.t.x40", null, Small).Solutions.Single().Bindings["x"];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true, SkipValidation = true, MaxDepth = 4096 });
        Assert.Throws<RegoException>(() => RegoJson.Write(writer, value, 1 << 20));
        Assert.InRange(buffer.WrittenCount + writer.BytesPending, 1 << 20, (1 << 20) + 4096);
    }

    [Fact]
    public void Replacing_into_a_long_text_stops_before_it_is_built()
    {
        var chain = Chain("\"ab\"", "concat(\"\", [PREV, PREV])", 16);
        const string Text = "\"" + "0123456789" + "0123456789" + "0123456789" + "\"";
        Fails(chain + $"r := replace({Text}, \"\", x16)\n", "data.t.r", "value size", "r");
        Fails(chain + $"r := strings.replace_n({{\"\": x16}}, {Text})\n", "data.t.r", "value size", "r");
        Fails(chain + $"r := regex.replace({Text}, \"\", x16)\n", "data.t.r", "value size", "r");
    }

    [Fact]
    public void Encoding_over_and_over_stops_at_the_value_limit()
    {
        // Base64 grows a third per round: a hundred rounds would be 10^12 characters.
        Fails(Chain("\"seed\"", "base64.encode(PREV)", 100), "data.t.x100", "value size", "x");
        Fails(Chain("\"ab\"", "hex.encode(PREV)"), "data.t.x40", "value size", "x19");
    }

    [Fact]
    public void Splitting_or_matching_a_long_text_at_every_character_is_refused()
    {
        // 64 KiB per value here: matching an empty pattern over and over is slow in .NET's linear-time engine.
        var tiny = Small with { MaxValueBytes = 64 << 10 };
        var chain = Chain("\"ab\"", "concat(\"\", [PREV, PREV])", 12);
        Fails(chain + "parts := split(x12, \"\")\n", "data.t.parts", "value size", "parts", tiny);
        Fails(chain + "parts := regex.split(\"\", x12)\n", "data.t.parts", "value size", "parts", tiny);
        Fails(chain + "parts := regex.find_n(\"\", x12, -1)\n", "data.t.parts", "value size", "parts", tiny);
        Fails(chain + "parts := regex.find_all_string_submatch_n(\"()\", x12, -1)\n", "data.t.parts", "value size", "parts", tiny);
        Fails(chain + "parts := indexof_n(x12, \"a\")\n", "data.t.parts", "value size", "parts", tiny);
    }

    [Fact]
    public void A_comprehension_building_a_huge_set_stops_at_the_total()
    {
        Fails("package t\n\ns := {[i, j] | some i in numbers.range(1, 30000); some j in numbers.range(1, 30000)}\n", "data.t.s", "total size", "s");
        Fails("package t\n\ns contains [i, j] if {\n    some i in numbers.range(1, 30000)\n    some j in numbers.range(1, 30000)\n}\n", "data.t.s", "total size", "s");
    }

    [Fact]
    public void Paths_through_a_layered_graph_stop_at_the_value_limit()
    {
        // Forty layers of two vertices, each linked to both of the next layer: 2^40 paths.
        var sb = new StringBuilder("package t\n\ngraph := {");
        for (var i = 0; i < 40; i++)
        {
            sb.Append($"\"a{i}\": [\"a{i + 1}\", \"b{i + 1}\"], \"b{i}\": [\"a{i + 1}\", \"b{i + 1}\"], ");
        }

        sb.Append("\"a40\": [], \"b40\": []}\n\npaths := graph.reachable_paths(graph, [\"a0\"])\n");
        Fails(sb.ToString(), "data.t.paths", "value size", "paths");
    }

    [Fact]
    public void Nested_template_ranges_stop_at_the_value_limit()
    {
        const string Range = "{{range $.xs}}";
        var template = string.Concat(Enumerable.Repeat(Range, 6)) + "0123456789" + string.Concat(Enumerable.Repeat("{{end}}", 6));
        Fails($"package t\n\nr := strings.render_template(\"{template}\", {{\"xs\": numbers.range(1, 100)}})\n", "data.t.r", "value size", "r");

        // printf widths inside a template, and variables that share their parts.
        var printf = string.Concat(Enumerable.Repeat("{{printf \\\"%999999d\\\" 1}}", 100));
        Fails($"package t\n\nr := strings.render_template(\"{printf}\", {{}})\n", "data.t.r", "value size", "r");
        Fails(Chain("\"leaf\"", "[PREV, PREV]") + "r := strings.render_template(\"{{.x}}\", {\"x\": x40})\n", "data.t.r", "value size", "r");
    }

    [Fact]
    public void The_limit_is_never_an_undefined_call_that_a_policy_could_retry_past()
    {
        // Without strict builtin errors a failing builtin is undefined; the budget must fail the query instead.
        var policy = Compile("package t\n\nr := x if {\n    x := numbers.range(1, 9000000)\n} else := \"fallback\"\n");
        var e = Assert.Throws<RegoException>(() => policy.Evaluate("data.t.r", null, Small with { StrictBuiltinErrors = false })).Diagnostic;
        Assert.Equal(ErrorCodes.CancelError, e.Code);
    }

    [Fact]
    public void Legitimate_large_values_work_under_the_default_budget()
    {
        // A 1 M-character string, 100,000-element arrays, JSON of them, 1,000-bit integers, a long replace.
        var module = Chain("\"ab\"", "concat(\"\", [PREV, PREV])", 19) + """
            n := count(x19)
            r := numbers.range(1, 100000)
            doubled := [y | some x in r; y := x * 2]
            j := count(json.marshal(doubled))
            big := bits.lsh(1, 1000)
            square := big * big
            bits_of_square := count(format_int(square, 2))
            replaced := count(replace(x19, "ab", "abc"))
            parts := count(split(x19, "b"))
            formatted := count(sprintf("%s-%d-%v", [x19, 42, [1, 2, 3]]))
            """;
        var policy = Compile(module);
        var result = policy.Evaluate("x := [data.t.n, count(data.t.doubled), data.t.j, data.t.bits_of_square, data.t.replaced, data.t.parts, data.t.formatted]", null, EvaluationOptions.Default);
        var expectedJson = 2 + 99_999 + Enumerable.Range(1, 100_000).Sum(i => (i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        Assert.Equal($"[1048576, 100000, {expectedJson}, 2001, 1572864, 524289, 1048589]", result.Solutions.Single().Bindings["x"].ToString());
    }

    [Fact]
    public void The_defaults_are_tens_of_megabytes_per_value_and_hundreds_in_all()
    {
        Assert.Equal(64L << 20, EvaluationOptions.Default.MaxValueBytes);
        Assert.Equal(256L << 20, EvaluationOptions.Default.MaxTotalBytes);
        Assert.Equal(1L << 20, EvaluationOptions.Default.MaxNumberBits);
    }

    [Fact]
    public void Estimated_sizes_count_strings_elements_and_digits()
    {
        Assert.Equal(2 + 8, OAuthGuard.Rego.Evaluation.SizeBudget.ExpandedBytes(new RegoString("abcd"), long.MaxValue));
        var shared = RegoArray.Create(new RegoString("ab"), new RegoString("ab"));
        var twice = RegoArray.Create(shared, shared);
        Assert.Equal(2 + 2 + (2 * (2 + 2 + (2 * (2 + 4)))), OAuthGuard.Rego.Evaluation.SizeBudget.ExpandedBytes(twice, long.MaxValue));
    }
}
