using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Cli.Commands;

/// <summary>One error as <c>opa eval</c> prints it.</summary>
/// <param name="Code">OPA's error code.</param>
/// <param name="Message">The message.</param>
/// <param name="File">The file, or empty.</param>
/// <param name="Row">1-based row, or 0 when unknown.</param>
/// <param name="Col">1-based column, or 0 when unknown.</param>
internal sealed record EvalError(string Code, string Message, string File, int Row, int Col);

/// <summary>Renders <c>eval</c> results in <c>opa eval</c>'s JSON shape or as readable text.</summary>
internal static class EvalOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// <c>{"result":[{"expressions":[{"value","text","location":{"row","col"}}],"bindings":{…}}]}</c>; no
    /// <c>bindings</c> key when a solution binds nothing, and <c>{}</c> when the query is undefined, as OPA prints.
    /// </summary>
    /// <param name="result">The solutions.</param>
    /// <returns>The JSON text with a final newline.</returns>
    public static string Json(QueryResult result) => Write(w =>
    {
        w.WriteStartObject();
        if (!result.IsUndefined)
        {
            w.WriteStartArray("result");
            foreach (var solution in result.Solutions)
            {
                w.WriteStartObject();
                w.WriteStartArray("expressions");
                foreach (var e in solution.Expressions)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("value");
                    RegoJson.Write(w, e.Value);
                    w.WriteString("text", e.Text);
                    w.WriteStartObject("location");
                    w.WriteNumber("row", e.Location.Line);
                    w.WriteNumber("col", e.Location.Column);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (solution.Bindings.Count > 0)
                {
                    w.WriteStartObject("bindings");
                    foreach (var (name, value) in solution.Bindings)
                    {
                        w.WritePropertyName(name);
                        RegoJson.Write(w, value);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    });

    /// <summary><c>{"errors":[{"code","message","location":{"file","row","col"}}]}</c>.</summary>
    /// <param name="errors">The errors.</param>
    /// <returns>The JSON text with a final newline.</returns>
    public static string JsonErrors(IEnumerable<EvalError> errors) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("code", e.Code);
            w.WriteString("message", e.Message);
            if (e.Row > 0 || e.File.Length > 0)
            {
                w.WriteStartObject("location");
                w.WriteString("file", e.File);
                w.WriteNumber("row", e.Row);
                w.WriteNumber("col", e.Col);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// Readable text: <c>undefined</c>; the value alone for one expression without bindings; otherwise a table with a
    /// column per binding (and per expression that is not true), one row per solution.
    /// </summary>
    /// <param name="result">The solutions.</param>
    /// <returns>The text with a final newline.</returns>
    public static string Pretty(QueryResult result)
    {
        if (result.IsUndefined)
        {
            return "undefined\n";
        }

        var first = result.Solutions[0];
        if (result.Solutions.Length == 1 && first.Bindings.Count == 0 && first.Expressions.Length == 1)
        {
            return Write(w => RegoJson.Write(w, first.Expressions[0].Value));
        }

        var columns = first.Bindings.Keys.ToList();
        var exprColumns = Enumerable.Range(0, first.Expressions.Length)
            .Where(i => result.Solutions.Any(s => i < s.Expressions.Length && s.Expressions[i].Value is not RegoBoolean { Value: true }))
            .ToList();
        var header = columns.Concat(exprColumns.Select(i => first.Expressions[i].Text)).ToList();
        if (header.Count == 0)
        {
            return "true\n";
        }

        var rows = result.Solutions.Select(s =>
            columns.Select(c => s.Bindings.TryGetValue(c, out var v) ? RegoJson.Serialize(v) : string.Empty)
                .Concat(exprColumns.Select(i => i < s.Expressions.Length ? RegoJson.Serialize(s.Expressions[i].Value) : string.Empty))
                .ToList()).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToList();
        var sb = new StringBuilder();
        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+\n";
        void Row(IReadOnlyList<string> cells) =>
            sb.Append("| ").Append(string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i])))).Append(" |\n");
        sb.Append(rule);
        Row(header);
        sb.Append(rule);
        rows.ForEach(Row);
        sb.Append(rule);
        return sb.ToString();
    }

    /// <summary>Errors as text: <c>N error(s) occurred:</c> then <c>file:row: code: message</c> lines, as <c>opa eval --format pretty</c>.</summary>
    /// <param name="errors">The errors.</param>
    /// <returns>The text.</returns>
    public static string PrettyErrors(IReadOnlyCollection<EvalError> errors)
    {
        var sb = new StringBuilder();
        sb.Append(errors.Count == 1 ? "1 error occurred:" : $"{errors.Count} errors occurred:");
        sb.Append(errors.Count == 1 ? ' ' : '\n');
        foreach (var e in errors)
        {
            if (e.File.Length > 0 || e.Row > 0)
            {
                sb.Append(e.File).Append(':').Append(e.Row).Append(": ");
            }

            sb.Append(e.Code).Append(": ").Append(e.Message).Append('\n');
        }

        return sb.ToString();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
