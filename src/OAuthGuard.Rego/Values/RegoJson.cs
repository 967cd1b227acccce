using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Values;

/// <summary>
/// Conversion between Rego values and JSON. Sets become arrays (in sort order) and non-string object keys
/// become their compact JSON text, as OPA does when it marshals values.
/// </summary>
public static class RegoJson
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 1024 };

    /// <summary>Parses JSON text into a value.</summary>
    /// <param name="json">UTF-16 JSON text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The text is not valid JSON.</exception>
    public static RegoValue Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>Parses UTF-8 JSON into a value.</summary>
    /// <param name="utf8">UTF-8 JSON bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The bytes are not valid JSON.</exception>
    public static RegoValue Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("empty JSON document");
        }

        var value = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"unexpected data after the JSON value at byte {reader.TokenStartIndex}");
        }

        return value;
    }

    /// <summary>Converts a <see cref="JsonNode"/> into a value; a null node is JSON null.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The value.</returns>
    public static RegoValue FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return RegoNull.Instance;
            case JsonObject obj:
                var map = new Dictionary<RegoValue, RegoValue>(obj.Count);
                foreach (var (k, v) in obj)
                {
                    map[new RegoString(k)] = FromNode(v);
                }

                return RegoObject.Wrap(map);
            case JsonArray arr:
                var items = new RegoValue[arr.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = FromNode(arr[i]);
                }

                return RegoArray.Wrap(items);
            default:
                return FromScalar(node.AsValue());
        }
    }

    /// <summary>Converts a <see cref="JsonElement"/> into a value.</summary>
    /// <param name="element">The element.</param>
    /// <returns>The value.</returns>
    public static RegoValue FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<RegoValue, RegoValue>();
                foreach (var property in element.EnumerateObject())
                {
                    map[new RegoString(property.Name)] = FromElement(property.Value);
                }

                return RegoObject.Wrap(map);
            case JsonValueKind.Array:
                var items = new RegoValue[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = FromElement(item);
                }

                return RegoArray.Wrap(items);
            case JsonValueKind.String:
                return new RegoString(element.GetString() ?? string.Empty);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                return RegoNumber.TryParse(raw, out var n) ? n : throw new JsonException($"number out of range: {raw}");
            case JsonValueKind.True:
                return RegoBoolean.True;
            case JsonValueKind.False:
                return RegoBoolean.False;
            default:
                return RegoNull.Instance;
        }
    }

    // A JsonValue may wrap a JsonElement (parsed JSON) or a CLR primitive (built in code).
    private static RegoValue FromScalar(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return FromElement(element);
        }

        if (value.TryGetValue<string>(out var s))
        {
            return new RegoString(s);
        }

        if (value.TryGetValue<bool>(out var b))
        {
            return RegoBoolean.From(b);
        }

        if (value.TryGetValue<long>(out var l))
        {
            return RegoNumber.From(l);
        }

        if (value.TryGetValue<int>(out var i))
        {
            return RegoNumber.From(i);
        }

        if (value.TryGetValue<double>(out var d))
        {
            return RegoNumber.From(d);
        }

        if (value.TryGetValue<decimal>(out var m))
        {
            return RegoNumber.TryParse(m.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) ? n : RegoNumber.From((double)m);
        }

        // Any other primitive (e.g. uint, float, char) prints as JSON text that parses the same way.
        return Parse(value.ToJsonString());
    }

    /// <summary>Converts a value to a <see cref="JsonNode"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="maxBytes">The most bytes (about) to write (see <see cref="MaxWrittenBytes"/>).</param>
    /// <returns>The node (null for JSON null).</returns>
    public static JsonNode? ToNode(RegoValue value, long maxBytes = MaxWrittenBytes) => JsonNode.Parse(Serialize(value, maxBytes), documentOptions: NodeDocumentOptions);

    // NOTE: System.Text.Json stops at 64 levels by default, but a policy may build a value nested as deep as the
    // parser allows (1,000); found by fuzzing (a repository policy made the scan fail with an internal error).
    private static readonly JsonDocumentOptions NodeDocumentOptions = new() { MaxDepth = 4096 };

    /// <summary>Serialises a value as compact JSON.</summary>
    /// <param name="value">The value.</param>
    /// <param name="maxBytes">The most bytes (about) to write (see <see cref="MaxWrittenBytes"/>).</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(RegoValue value, long maxBytes = MaxWrittenBytes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true, MaxDepth = 4096 }))
        {
            Write(writer, value, maxBytes);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The most bytes that <see cref="Write"/>, <see cref="Serialize"/> and <see cref="ToNode"/> write for one
    /// value. A policy can build, in a few dozen steps and within every evaluation limit, a value that shares its
    /// parts so often that written out it is astronomically long; writing stops here with <c>eval_cancel_error</c>.
    /// </summary>
    public const long MaxWrittenBytes = 256L << 20;

    /// <summary>Writes a value to a JSON writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="maxBytes">The most bytes to write (indentation included); checked before each value.</param>
    /// <exception cref="RegoException">Written out, the value would be longer than <paramref name="maxBytes"/> (<c>eval_cancel_error</c> naming where in the value).</exception>
    public static void Write(Utf8JsonWriter writer, RegoValue value, long maxBytes = MaxWrittenBytes)
    {
        try
        {
            WriteCore(writer, value, Written(writer) + maxBytes);
        }
        catch (WriteLimitException e)
        {
            e.Path.Reverse();
            var where = e.Path.Count == 0 ? string.Empty : " at " + string.Concat(e.Path).TrimStart('.');
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            var message = e.TooDeep
                ? string.Create(culture, $"evaluation exceeded the depth limit (the value{where} is nested more than {MaxDepth(writer):N0} levels deep to write out)")
                : string.Create(culture, $"evaluation exceeded the value size limit (the value{where} written out is more than {maxBytes:N0} bytes)");
            throw new RegoException(Diagnostic.Error(ErrorCodes.CancelError, message, null));
        }
    }

    /// <summary>A key that is not a string, as its compact JSON text, charged to the same budget as the rest.</summary>
    private static string KeyText(RegoValue key, long left)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true, MaxDepth = 4096 }))
        {
            WriteCore(writer, key, left);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static long Written(Utf8JsonWriter writer) => writer.BytesCommitted + writer.BytesPending;

    /// <summary>The writer's nesting limit (System.Text.Json's default of 64 when unset), which it enforces by throwing.</summary>
    private static int MaxDepth(Utf8JsonWriter writer) => writer.Options.MaxDepth == 0 ? 64 : writer.Options.MaxDepth;

    /// <summary>Writes a value, failing before any part of it once the writer holds more than <paramref name="limit"/> bytes.</summary>
    private static void WriteCore(Utf8JsonWriter writer, RegoValue value, long limit)
    {
        if (Written(writer) > limit)
        {
            throw new WriteLimitException();
        }

        if (value is RegoArray or RegoSet or RegoObject && writer.CurrentDepth >= MaxDepth(writer))
        {
            // A policy can nest a value deeper than the writer allows: an error naming where, never its exception.
            throw new WriteLimitException { TooDeep = true };
        }

        switch (value)
        {
            case RegoNull:
                writer.WriteNullValue();
                break;
            case RegoBoolean b:
                writer.WriteBooleanValue(b.Value);
                break;
            case RegoNumber n:
                writer.WriteRawValue(n.ToText(), skipInputValidation: true);
                break;
            case RegoString s:
                writer.WriteStringValue(s.Value);
                break;
            case RegoArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteCore(writer, item, limit);
                }

                writer.WriteEndArray();
                break;
            case RegoSet set:
                writer.WriteStartArray();
                foreach (var item in set.Sorted)
                {
                    WriteCore(writer, item, limit);
                }

                writer.WriteEndArray();
                break;
            case RegoObject o:
                writer.WriteStartObject();
                foreach (var (k, v) in o)
                {
                    writer.WritePropertyName(k is RegoString ks ? ks.Value : KeyText(k, limit - Written(writer)));
                    try
                    {
                        WriteCore(writer, v, limit);
                    }
                    catch (WriteLimitException e)
                    {
                        e.Path.Add(k is RegoString name ? "." + name.Value : $"[{k.TypeName} key]");
                        throw;
                    }
                }

                writer.WriteEndObject();
                break;
        }
    }

    private static RegoValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return RegoNull.Instance;
            case JsonTokenType.True:
                return RegoBoolean.True;
            case JsonTokenType.False:
                return RegoBoolean.False;
            case JsonTokenType.String:
                return new RegoString(reader.GetString() ?? string.Empty);
            case JsonTokenType.Number:
                var raw = reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan);
                return RegoNumber.TryParse(raw, out var n) ? n : throw new JsonException($"number out of range: {raw}");
            case JsonTokenType.StartArray:
                var items = new List<RegoValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return RegoArray.Wrap([.. items]);
            case JsonTokenType.StartObject:
                var map = new Dictionary<RegoValue, RegoValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = new RegoString(reader.GetString() ?? string.Empty);
                    reader.Read();
                    map[key] = ReadValue(ref reader);
                }

                return RegoObject.Wrap(map);
            default:
                throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }
}

/// <summary>Unwinds <see cref="RegoJson.Write"/> when the value is too long to write out, collecting where it was.</summary>
internal sealed class WriteLimitException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WriteLimitException"/> class.</summary>
    public WriteLimitException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WriteLimitException"/> class.</summary>
    /// <param name="message">The message.</param>
    public WriteLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WriteLimitException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WriteLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets or sets a value indicating whether the value is nested too deep rather than too long.</summary>
    public bool TooDeep { get; set; }

    /// <summary>Gets the object keys from the failing value up to the root (innermost first).</summary>
    public List<string> Path { get; } = [];
}
