using OAuthGuard.Rego.Builtins;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class RegistryTests
{
    public static TheoryData<string> Required => new()
    {
        "plus", "minus", "mul", "div", "rem", "equal", "neq", "lt", "lte", "gt", "gte", "or", "and",
        "internal.member_2", "internal.member_3", "count", "sum", "product", "max", "min", "sort",
        "array.concat", "array.slice", "array.reverse", "intersection", "union", "object.get", "object.keys",
        "object.remove", "object.filter", "object.union", "object.union_n", "object.subset", "json.filter",
        "json.remove", "json.patch", "concat", "contains", "startswith", "endswith", "format_int", "indexof",
        "indexof_n", "lower", "upper", "replace", "split", "sprintf", "substring", "trim", "trim_left",
        "trim_right", "trim_prefix", "trim_suffix", "trim_space", "strings.replace_n", "strings.reverse",
        "strings.any_prefix_match", "strings.any_suffix_match", "strings.count", "regex.match", "regex.is_valid",
        "regex.split", "regex.find_n", "regex.replace", "regex.find_all_string_submatch_n", "regex.template_match",
        "glob.match", "glob.quote_meta", "units.parse", "units.parse_bytes", "json.marshal", "json.unmarshal",
        "json.is_valid", "yaml.marshal", "yaml.unmarshal", "yaml.is_valid", "base64.encode", "base64.decode",
        "base64.is_valid", "base64url.encode", "base64url.encode_no_pad", "base64url.decode", "hex.encode",
        "hex.decode", "urlquery.encode", "urlquery.decode", "urlquery.encode_object", "urlquery.decode_object",
        "is_number", "is_string", "is_boolean", "is_array", "is_set", "is_object", "is_null", "type_name",
        "numbers.range", "numbers.range_step", "round", "ceil", "floor", "abs", "to_number", "bits.or", "bits.and",
        "bits.xor", "bits.negate", "bits.lsh", "bits.rsh", "semver.is_valid", "semver.compare", "net.cidr_contains",
        "net.cidr_intersects", "time.now_ns", "time.parse_rfc3339_ns", "time.parse_ns", "time.date", "time.clock",
        "time.weekday", "time.add_date", "time.diff", "trace", "print",
    };

    [Theory]
    [MemberData(nameof(Required))]
    public void DeclaresEveryBuiltinTheIssueLists(string name) =>
        Assert.True(BuiltinRegistry.Default.TryGet(name, out _), name);

    [Fact]
    public void DeclarationsAreSortedAndComplete()
    {
        var declarations = BuiltinRegistry.Default.Declarations;
        var names = declarations.Select(d => d.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(declarations, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Description), d.Name);
            Assert.EndsWith(".", d.Description, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(d.Result), d.Name);
            Assert.All(d.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Name + p.Type), d.Name));
        });
    }

    [Fact]
    public void SignaturesParseIntoTypedParameters()
    {
        Assert.True(BuiltinRegistry.Default.TryGet("concat", out var concat));
        Assert.Equal(["delimiter", "collection"], concat.Declaration.Parameters.Select(p => p.Name));
        Assert.Equal("array[string]|set[string]", concat.Declaration.Parameters[1].Type);
        Assert.Equal("string", concat.Declaration.Result);
        Assert.True(BuiltinRegistry.Default.TryGet("time.now_ns", out var now));
        Assert.True(now.Declaration.Nondeterministic);
        Assert.Empty(now.Declaration.Parameters);
        Assert.True(BuiltinRegistry.Default.TryGet("print", out var print));
        Assert.True(print.Declaration.Variadic);
    }

    /// <summary>OPA builtins the registry does not hold, each with the reason; every other one must be there.</summary>
    private static readonly Dictionary<string, string> NotInRegistry = new(StringComparer.Ordinal)
    {
        ["eq"] = "the = operator, handled by the language",
        ["assign"] = "the := operator, handled by the language",
        ["internal.print"] = "what OPA rewrites print into; the evaluator implements print itself",
        ["rego.metadata.chain"] = "implemented by the evaluator (needs the rule being evaluated)",
        ["rego.metadata.rule"] = "implemented by the evaluator (needs the rule being evaluated)",
        ["all"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
        ["any"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
        ["re_match"] = "deprecated (regex.match); OPA 1.x does not accept it in Rego v1 modules",
        ["set_diff"] = "deprecated (the - operator); OPA 1.x does not accept it in Rego v1 modules",
        ["net.cidr_overlap"] = "deprecated (net.cidr_contains); OPA 1.x does not accept it in Rego v1 modules",
        ["cast_array"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
        ["cast_boolean"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
        ["cast_null"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
        ["cast_object"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
        ["cast_set"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
        ["cast_string"] = "deprecated; OPA 1.x does not accept it in Rego v1 modules",
    };

    /// <summary>Builtins the registry holds that OPA v1.4.2 does not: they come from later OPA releases' compliance cases.</summary>
    private static readonly HashSet<string> Later = new(StringComparer.Ordinal) { "array.flatten", "strings.split_n", "io.jwt.verify_eddsa" };

    private static List<(string Name, string Arity)> PinnedOpaBuiltins() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Builtins", "opa-builtins-v1.4.2.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], p[1]))];

    [Fact]
    public void EveryBuiltinOfThePinnedOpaReleaseIsDeclaredWithItsArity()
    {
        var missing = new List<string>();
        foreach (var (name, arity) in PinnedOpaBuiltins())
        {
            if (NotInRegistry.ContainsKey(name))
            {
                Assert.False(BuiltinRegistry.Default.TryGet(name, out _), $"{name} is listed as absent but is declared");
                continue;
            }

            if (!BuiltinRegistry.Default.TryGet(name, out var builtin))
            {
                missing.Add(name);
                continue;
            }

            var declared = builtin.Declaration.Variadic ? "*" : builtin.Declaration.Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(arity == declared, $"{name}: OPA takes {arity} arguments, the registry declares {declared}");
        }

        Assert.True(missing.Count == 0, "not declared: " + string.Join(", ", missing));
    }

    [Fact]
    public void TheRegistryDeclaresNothingOpaDoesNotKnow()
    {
        var opa = PinnedOpaBuiltins().Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var extra = BuiltinRegistry.Default.Declarations.Select(d => d.Name).Where(n => !opa.Contains(n) && !Later.Contains(n)).ToList();
        Assert.True(extra.Count == 0, "not an OPA v1.4.2 builtin: " + string.Join(", ", extra));
    }

    [Theory]
    [InlineData("http.send")]
    [InlineData("net.lookup_ip_addr")]
    [InlineData("providers.aws.sign_req")]
    public void BuiltinsThatMustNotRunInAScannerAreDeclaredUnavailableWithAReason(string name)
    {
        Assert.True(BuiltinRegistry.Default.TryGet(name, out var builtin), name);
        Assert.False(string.IsNullOrWhiteSpace(builtin.Declaration.Withheld), name);
    }

    [Fact]
    public void OnlyTheScannerUnsafeBuiltinsAreUnavailable() =>
        Assert.Equal(
            ["http.send", "net.lookup_ip_addr", "providers.aws.sign_req"],
            BuiltinRegistry.Default.Declarations.Where(d => d.Withheld is not null).Select(d => d.Name));

    [Fact]
    public void WithheldBuiltinsAreDeclaredWithAReason()
    {
        Assert.True(BuiltinRegistry.Default.TryGet("http.send", out var send));
        Assert.Contains("network", send.Declaration.Withheld, StringComparison.Ordinal);
        Assert.True(BuiltinRegistry.Default.TryGet("concat", out var concat));
        Assert.Null(concat.Declaration.Withheld);
    }

    [Fact]
    public void CallingAWithheldBuiltinIsACompileErrorUnlessAWithReplacesIt()
    {
        var unmocked = new RegoCompiler().AddModule("p.rego", """
            package p
            r := http.send({"method": "GET", "url": "https://example.com"})
            """).Compile();
        var error = Assert.Single(unmocked.Diagnostics);
        Assert.Contains("http.send is deliberately unavailable in OAuthGuard (a scan must not make network requests)", error.Message, StringComparison.Ordinal);

        var mocked = new RegoCompiler().AddModule("p.rego", """
            package p
            mock(_) := {"status_code": 200}
            r := http.send({"method": "GET"}).status_code
            t := x if { x := r with http.send as mock }
            """).Compile();
        Assert.Empty(mocked.Diagnostics);
        var policy = mocked.Policy!;
        Assert.Equal("200", policy.Evaluate("data.p.t").Solutions[0].Expressions[0].Value.ToString());
        var unreplaced = Assert.Throws<OAuthGuard.Rego.Diagnostics.RegoException>(() => policy.Evaluate("data.p.r"));
        Assert.Equal("eval_builtin_error", unreplaced.Diagnostic.Code);
    }
}
