using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

/// <summary>
/// Bad input to strings.render_template, the JSON Schema format checks and the TZif reader ends in a builtin error
/// or a result, never in another exception (the behaviour itself is covered by tests/cases/builtins).
/// </summary>
public sealed class PartialBuiltinsRobustnessTests
{
    private static readonly string[] TemplatePieces =
    [
        "{{", "}}", "{{-", " -}}", "{{/*", "*/}}", ".a", ".b.c", "$", "$x", ":=", "=", "|", "(", ")", "\"s\"", "`r`", "'c'",
        "1", "-2.5", "0x1F", "1e3", "if", "else", "end", "range", "with", "define", "template", "block", "break",
        "continue", "nil", "true", "len", "index", "slice", "printf", "print", "eq", "lt", "and", "or", "not", "html",
        "js", "urlquery", "call", ",", " ", "\n", "x", "#", "\\", "\"", "'", "{", "}",
    ];

    [Fact]
    public void Render_template_never_fails_other_than_with_a_builtin_error()
    {
        var random = new Random(12);
        var vars = V("{\"a\": [1, \"x\", null, {\"k\": true}], \"b\": {\"c\": \"d\"}, \"n\": 3}");
        var outcomes = 0;
        for (var i = 0; i < 5000; i++)
        {
            var count = random.Next(1, 14);
            var template = string.Concat(Enumerable.Range(0, count).Select(_ => TemplatePieces[random.Next(TemplatePieces.Length)]));
            try
            {
                Assert.IsType<RegoString>(Call("strings.render_template", new RegoString(template), vars));
                outcomes++;
            }
            catch (BuiltinException)
            {
                outcomes++;
            }
        }

        Assert.Equal(5000, outcomes);
    }

    [Theory]
    [InlineData("{{define \"t\"}}{{template \"t\"}}{{end}}{{template \"t\"}}", "exceeded maximum template depth (1000)")]
    [InlineData("{{range .}}{{end}}{{$y}}", "undefined variable \"$y\"")]
    [InlineData("{{range 100000000}}0123456789{{end}}", "template output exceeds 16777216 characters")]
    public void Render_template_stops_with_gos_errors(string template, string expected) =>
        Assert.Contains(expected, Assert.Throws<BuiltinException>(() => Call("strings.render_template", new RegoString(template), V("{}"))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("{{", "(", 100_000, ")", "}}", "max expression depth exceeded")]
    [InlineData("", "{{if true}}", 100_000, "{{end}}", "", "max nesting depth exceeded")]
    public void Render_template_limits_nesting(string before, string open, int depth, string close, string after, string expected)
    {
        var template = before + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + after;
        Assert.Contains(expected, Assert.Throws<BuiltinException>(() => Call("strings.render_template", new RegoString(template), V("{}"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_checks_accept_or_reject_any_string()
    {
        string[] formats = ["date", "time", "date-time", "hostname", "email", "ipv4", "ipv6", "uri", "uri-reference", "uri-template", "uuid", "regex", "json-pointer", "relative-json-pointer"];
        const string alphabet = "aZ09:/.-+@%[]<>\"\\ ()#?~{}T,Z";
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            foreach (var format in formats)
            {
                _ = JsonSchemaFormats.IsFormat(format, text);
            }
        }
    }

    [Fact]
    public void Tzif_reader_rejects_damaged_files()
    {
        var random = new Random(3);
        var header = "TZif2"u8.ToArray();
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length >= 5 && i % 2 == 0)
            {
                header.CopyTo(bytes, 0);
            }

            _ = TimeZoneNames.FindIn(bytes, random.NextInt64(-4_000_000_000, 4_000_000_000));
        }
    }

    [Fact]
    public void Tzif_reader_reads_a_version_2_file_with_a_footer_rule()
    {
        // One zone type (EST, -5h) and no transitions, then the rule EST5EDT,M3.2.0,M11.1.0 in the footer.
        var file = Tzif(["EST"], [-18000], "EST5EDT,M3.2.0,M11.1.0");
        Assert.Equal(("EST", -18000), TimeZoneNames.FindIn(file, 1_484_000_000)); // January 2017
        Assert.Equal(("EDT", -14400), TimeZoneNames.FindIn(file, 1_500_000_000)); // July 2017
        var south = Tzif(["AEST"], [36000], "AEST-10AEDT,M10.1.0,M4.1.0/3");
        Assert.Equal(("AEDT", 39600), TimeZoneNames.FindIn(south, 1_484_000_000));
        Assert.Equal(("AEST", 36000), TimeZoneNames.FindIn(south, 1_500_000_000));
    }

    /// <summary>Builds a TZif version 2 file without transitions: an empty version 1 block, then the types, then the footer.</summary>
    private static byte[] Tzif(string[] names, int[] offsets, string footer)
    {
        var chars = string.Concat(names.Select(n => n + "\0"));
        var bytes = new List<byte>();
        void Header()
        {
            bytes.AddRange("TZif2"u8.ToArray());
            bytes.AddRange(new byte[15]);
            foreach (var count in new[] { 0, 0, 0, 0, names.Length, chars.Length })
            {
                bytes.AddRange([(byte)(count >> 24), (byte)(count >> 16), (byte)(count >> 8), (byte)count]);
            }
        }

        void Types()
        {
            var at = 0;
            for (var i = 0; i < names.Length; i++)
            {
                var o = offsets[i];
                bytes.AddRange([(byte)(o >> 24), (byte)(o >> 16), (byte)(o >> 8), (byte)o, 0, (byte)at]);
                at += names[i].Length + 1;
            }

            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(chars));
        }

        Header();
        Types();
        Header();
        Types();
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes("\n" + footer + "\n"));
        return [.. bytes];
    }

    [Fact]
    public void Format_checks_take_linear_time_on_inputs_built_to_backtrack()
    {
        // A nested loop in a format's regular expression ("([^{]*(…)?)*") backtracks exponentially on text that almost
        // matches; the value comes from a policy's input, so every format check must run in linear time.
        var almost = "http://x/" + new string('a', 64) + "{";
        Assert.False(JsonSchemaFormats.IsFormat("uri-template", almost));
        Assert.True(JsonSchemaFormats.IsFormat("uri-template", "http://x/" + new string('a', 64) + "{id}"));
        Assert.False(JsonSchemaFormats.IsFormat("json-pointer", "/" + new string('~', 64) + "2"));
        Assert.False(JsonSchemaFormats.IsFormat("hostname", string.Concat(Enumerable.Repeat("a-", 30)) + "-"));
    }
}
