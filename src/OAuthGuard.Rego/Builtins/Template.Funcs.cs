using System.Text;

namespace OAuthGuard.Rego.Builtins;

/// <content>
/// Calls of the functions Go's text/template predefines: <c>and</c>, <c>or</c>, <c>not</c>, <c>len</c>, <c>index</c>,
/// <c>slice</c>, <c>print</c>, <c>printf</c>, <c>println</c>, <c>eq</c>, <c>ne</c>, <c>lt</c>, <c>le</c>, <c>gt</c>,
/// <c>ge</c>, <c>html</c>, <c>js</c>, <c>urlquery</c> and <c>call</c> (data never holds functions, so <c>call</c>
/// always fails as Go's does on a non-function).
/// </content>
internal static partial class Template
{
    /// <summary>Functions whose parameters are reflect.Value in Go (nil literals and missing values are errors).</summary>
    private static readonly HashSet<string> ValueParams = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "len", "index", "slice", "eq", "ne", "lt", "le", "gt", "ge", "call",
    };

    private sealed partial class Exec
    {
        /// <summary>Evaluates an argument node; <paramref name="anyType"/> says the parameter takes any value (Go's <c>any</c>).</summary>
        private object? Arg(object? dot, bool dotIface, Node node, bool anyType, bool keepNull = false)
        {
            _at = node;
            object? value;
            switch (node)
            {
                case LiteralNode { Kind: "dot" }:
                    value = dot;
                    break;
                case LiteralNode { Kind: "nil" }:
                    return anyType ? GoNil.Instance : throw Fail("cannot assign nil to reflect.Value");
                case LiteralNode l:
                    return l.Value;
                case FieldNode f:
                    value = FieldChain(dot, dotIface, f.Idents, 1, false);
                    break;
                case VariableNode v:
                    value = Variable(v, 1, false);
                    break;
                case Pipe p:
                    value = Pipeline(dot, dotIface, p);
                    break;
                case IdentifierNode id:
                    value = Call(dot, dotIface, id, id, [], null, false);
                    break;
                case ChainNode c:
                    value = Chain(dot, dotIface, c, 1, false);
                    break;
                default:
                    throw Fail($"can't handle {node} for arg");
            }

            return value is not null || keepNull ? value : anyType ? GoNil.Instance : throw Fail("invalid value; expected reflect.Value");
        }

        private object? Call(object? dot, bool dotIface, IdentifierNode id, Node cmd, List<Node> args, object? final, bool hasFinal)
        {
            _at = id;
            var name = id.Name;
            var numIn = args.Count + (hasFinal ? 1 : 0);
            var (min, variadic) = name switch
            {
                "not" or "len" => (1, false),
                "ne" or "lt" or "le" or "gt" or "ge" => (2, false),
                "print" or "println" or "html" or "js" or "urlquery" => (0, true),
                _ => (1, true),
            };
            if (variadic && numIn < min)
            {
                throw Fail($"wrong number of args for {name}: want at least {min} got {args.Count}");
            }

            if (!variadic && numIn != min)
            {
                throw Fail($"wrong number of args for {name}: want {min} got {numIn}");
            }

            var anyType = !ValueParams.Contains(name);
            if (name is "and" or "or")
            {
                // Evaluated left to right, stopping at the first argument that decides.
                object? v = null;
                foreach (var a in args)
                {
                    v = Arg(dot, dotIface, a, anyType: false);
                    if (IsTrue(v) == (name == "or"))
                    {
                        return v;
                    }
                }

                return hasFinal ? Final(final, false) : v;
            }

            var values = new List<object?>(numIn);
            for (var i = 0; i < args.Count; i++)
            {
                values.Add(name == "printf" && i == 0 ? FormatArg(dot, dotIface, args[0]) : Arg(dot, dotIface, args[i], anyType));
            }

            if (hasFinal)
            {
                values.Add(name == "printf" && args.Count == 0 ? FinalFormat(final) : Final(final, anyType));
            }

            try
            {
                return Invoke(name, values, args);
            }
            catch (FunctionError e)
            {
                _at = cmd;
                throw Fail($"error calling {name}: {e.Message}");
            }
        }

        private object? Final(object? final, bool anyType) =>
            final is null && !anyType ? throw Fail("invalid value; expected reflect.Value") : final ?? (anyType ? GoNil.Instance : null);

        private string FinalFormat(object? final) => final as string ?? throw Fail(final is null ? "invalid value; expected string" : $"wrong type for value; expected string; got {TypeName(final)}");

        /// <summary>The format argument of printf, a Go string parameter.</summary>
        private string FormatArg(object? dot, bool dotIface, Node node)
        {
            _at = node;
            return node switch
            {
                LiteralNode { Kind: "string" } l => (string)l.Value!,
                LiteralNode { Kind: "nil" } => throw Fail("cannot assign nil to string"),
                LiteralNode { Kind: "dot" } => FinalFormat(dot),
                LiteralNode l => throw Fail($"expected string; found {l.Text}"),
                _ => FinalFormat(Arg(dot, dotIface, node, anyType: true) is var v && v is GoNil ? null : v),
            };
        }

        private static object? Invoke(string name, List<object?> a, List<Node> args) => name switch
        {
            "not" => !IsTrue(a[0]),
            "len" => Len(a[0]),
            "index" => Index(a[0], a.Skip(1).ToList()),
            "slice" => Slice(a[0], a.Skip(1).ToList()),
            "eq" => Eq(a[0], a.Skip(1).ToList()),
            "ne" => !Eq(a[0], [a[1]]),
            "lt" => Less(a[0], a[1]),
            "le" => Less(a[0], a[1]) || Eq(a[0], [a[1]]),
            "gt" => !(Less(a[0], a[1]) || Eq(a[0], [a[1]])),
            "ge" => !Less(a[0], a[1]),
            "print" => Sprint(a),
            "println" => string.Join(' ', a.Select(Fmt)) + "\n",
            "printf" => Sprintf.Format((string)a[0]!, a.Skip(1).Select(ToArg).ToArray(), t_budget),
            "html" => HtmlEscape(Joined(a)),
            "js" => JsEscape(Joined(a)),
            "urlquery" => QueryEscape(Joined(a)),
            "call" => throw new FunctionError(Unbox(a[0]) is null ? "call of nil" : $"non-function {args.FirstOrDefault()?.ToString() ?? "final"} of type {TypeName(a[0])}"),
            _ => throw new FunctionError($"{name} is not a defined function"),
        };
    }

    /// <summary>An error a function returns; the caller words it as <c>error calling f: …</c>.</summary>
    private sealed class FunctionError(string message) : Exception(message);

    /// <summary>Go's indirectInterface: a nil interface is no value.</summary>
    private static object? Unbox(object? v) => v is GoNil ? null : v;

    private static string Joined(List<object?> a) => a.Count == 1 && a[0] is string s ? s : Sprint(a);

    private static Sprintf.Arg ToArg(object? v) => v switch
    {
        long l => new Sprintf.Arg(Sprintf.ArgKind.Int, l, 0, string.Empty),
        double d => new Sprintf.Arg(Sprintf.ArgKind.Float, 0, d, string.Empty),
        string s => new Sprintf.Arg(Sprintf.ArgKind.Str, 0, 0, s),
        bool b => new Sprintf.Arg(Sprintf.ArgKind.Bool, 0, 0, b ? "true" : "false"),
        _ => new Sprintf.Arg(Sprintf.ArgKind.Str, 0, 0, Fmt(v)) { Type = v is null or GoNil ? "<nil>" : TypeName(v) },
    };

    private static long Len(object? item) => item switch
    {
        GoNil => throw new FunctionError("len of nil pointer"),
        string s => System.Text.Encoding.UTF8.GetByteCount(s),
        GoNumber n => n.Text.Length,
        List<object?> l => l.Count,
        SortedDictionary<string, object?> m => m.Count,
        _ => throw new FunctionError($"len of type {TypeName(item)}"),
    };

    private static object? Index(object? item, List<object?> indexes)
    {
        item = Unbox(item) ?? throw new FunctionError("index of untyped nil");
        foreach (var raw in indexes)
        {
            var index = Unbox(raw);
            switch (item)
            {
                case GoNil:
                    throw new FunctionError("index of nil pointer");
                case List<object?> list:
                    item = list[IndexArg(index, list.Count, "slice")];
                    break;
                case string or GoNumber:
                    var bytes = System.Text.Encoding.UTF8.GetBytes(item is string s ? s : ((GoNumber)item).Text);
                    item = (long)bytes[IndexArg(index, bytes.Length, "string")];
                    break;
                case SortedDictionary<string, object?> map:
                    var key = index switch
                    {
                        string k => k,
                        null => throw new FunctionError("value is nil; should be of type string"),
                        _ => throw new FunctionError($"value has type {TypeName(index)}; should be string"),
                    };
                    item = map.TryGetValue(key, out var found) ? found : GoNil.Instance;
                    break;
                default:
                    throw new FunctionError($"can't index item of type {TypeName(item)}");
            }
        }

        return item;
    }

    /// <summary>Go's indexArg, plus the reflect panic for an index equal to the length.</summary>
    private static int IndexArg(object? index, int length, string what, bool forSlice = false)
    {
        var x = index switch
        {
            long l => l,
            null => throw new FunctionError("cannot index slice/array with nil"),
            _ => throw new FunctionError($"cannot index slice/array with type {TypeName(index)}"),
        };
        if (x < 0 || x > length)
        {
            throw new FunctionError($"index out of range: {x}");
        }

        return x == length && !forSlice ? throw new FunctionError($"reflect: {what} index out of range") : (int)x;
    }

    private static object Slice(object? item, List<object?> indexes)
    {
        item = Unbox(item) ?? throw new FunctionError("slice of untyped nil");
        if (indexes.Count > 3)
        {
            throw new FunctionError($"too many slice indexes: {indexes.Count}");
        }

        byte[]? bytes = item switch
        {
            string s => System.Text.Encoding.UTF8.GetBytes(s),
            GoNumber n => System.Text.Encoding.UTF8.GetBytes(n.Text),
            _ => null,
        };
        if (bytes is not null && indexes.Count == 3)
        {
            throw new FunctionError("cannot 3-index slice a string");
        }

        var length = bytes?.Length ?? (item as List<object?>)?.Count ?? throw new FunctionError($"can't slice item of type {TypeName(item)}");
        var idx = new[] { 0, length, length };
        for (var i = 0; i < indexes.Count; i++)
        {
            idx[i] = IndexArg(Unbox(indexes[i]), length, "slice", forSlice: true);
        }

        if (idx[0] > idx[1])
        {
            throw new FunctionError($"invalid slice index: {idx[0]} > {idx[1]}");
        }

        if (indexes.Count == 3 && idx[1] > idx[2])
        {
            throw new FunctionError($"invalid slice index: {idx[1]} > {idx[2]}");
        }

        return bytes is not null
            ? item is GoNumber ? new GoNumber(System.Text.Encoding.UTF8.GetString(bytes, idx[0], idx[1] - idx[0])) : System.Text.Encoding.UTF8.GetString(bytes, idx[0], idx[1] - idx[0])
            : ((List<object?>)item).GetRange(idx[0], idx[1] - idx[0]);
    }

    /// <summary>Go's basicKind: bool, int, float, string, or null for anything else (not comparable by order).</summary>
    private static string? Kind(object? v) => v switch
    {
        bool => "bool",
        long => "int",
        double => "float",
        string or GoNumber => "string",
        _ => null,
    };

    private static string Text(object v) => v is GoNumber n ? n.Text : (string)v;

    private static bool Eq(object? arg1, List<object?> others)
    {
        arg1 = Unbox(arg1);
        if (others.Count == 0)
        {
            throw new FunctionError("missing argument for comparison");
        }

        var k1 = Kind(arg1);
        foreach (var raw in others)
        {
            var arg = Unbox(raw);
            var k2 = Kind(arg);
            bool truth;
            if (k1 != k2)
            {
                if (arg1 is not null && arg is not null && (k1 is not null || k2 is not null))
                {
                    throw new FunctionError("incompatible types for comparison");
                }

                truth = false;
            }
            else
            {
                truth = k1 switch
                {
                    "bool" => (bool)arg1! == (bool)arg!,
                    "int" => (long)arg1! == (long)arg!,
                    "float" => (double)arg1! == (double)arg!,
                    "string" => string.Equals(Text(arg1!), Text(arg!), StringComparison.Ordinal),
                    _ when arg1 is null || arg is null => arg1 is null && arg is null,
                    _ when TypeName(arg1) != TypeName(arg) => throw new FunctionError($"non-comparable types {Fmt(arg1)}: {TypeName(arg1)}, {TypeName(arg)}: {Fmt(arg)}"),
                    _ => throw new FunctionError($"non-comparable type {Fmt(arg)}: {TypeName(arg)}"),
                };
            }

            if (truth)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Less(object? a, object? b)
    {
        a = Unbox(a);
        b = Unbox(b);
        var k1 = Kind(a) ?? throw new FunctionError("invalid type for comparison");
        var k2 = Kind(b) ?? throw new FunctionError("invalid type for comparison");
        if (k1 != k2)
        {
            throw new FunctionError("incompatible types for comparison");
        }

        return k1 switch
        {
            "int" => (long)a! < (long)b!,
            "float" => (double)a! < (double)b!,
            "string" => string.CompareOrdinal(Text(a!), Text(b!)) < 0,
            _ => throw new FunctionError("invalid type for comparison"),
        };
    }

    private static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\0' => "\uFFFD",
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append(@"\u003C"); break;
                case '>': sb.Append(@"\u003E"); break;
                case '&': sb.Append(@"\u0026"); break;
                case '=': sb.Append(@"\u003D"); break;
                case < ' ': sb.Append(@"\u00").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)); break;
                default:
                    var rune = char.IsHighSurrogate(c) && i + 1 < s.Length ? new Rune(c, s[++i]) : new Rune(char.IsSurrogate(c) ? '\uFFFD' : c);
                    var category = Rune.GetUnicodeCategory(rune);
                    var printable = rune.Value < 0x80 || (category is not (System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                        or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned
                        or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
                        && (category != System.Globalization.UnicodeCategory.SpaceSeparator || rune.Value == ' '));
                    if (printable)
                    {
                        sb.Append(rune.ToString());
                    }
                    else
                    {
                        sb.Append(@"\u").Append(rune.Value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Go's <c>url.QueryEscape</c>.</summary>
    private static string QueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
