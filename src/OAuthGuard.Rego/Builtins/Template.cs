using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>strings.render_template</c>: Go's text/template as OPA runs it (template name <c>template</c>, option
/// <c>missingkey=error</c>, variables converted to Go's JSON values, so numbers are <c>json.Number</c> strings):
/// text, actions with pipelines and declarations/assignments, fields and variables with field chains, parenthesized
/// pipelines, <c>if</c>/<c>else if</c>, <c>range</c> (arrays, objects by sorted key, integers) with <c>break</c> and
/// <c>continue</c>, <c>with</c>/<c>else with</c>, <c>define</c>/<c>template</c>/<c>block</c>, comments, trim markers,
/// and the predefined functions (see <c>Template.Funcs.cs</c>). Errors carry Go's wording and location.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#strings and https://pkg.go.dev/text/template.</remarks>
internal static partial class Template
{
    /// <summary>The deepest nesting of <c>{{template}}</c> calls (Go allows 100000; this engine stops earlier to protect its stack).</summary>
    private const int MaxDepth = 1000;

    /// <summary>The longest output a template may produce (a limit of this engine, not of Go).</summary>
    private const int MaxOutput = 16 * 1024 * 1024;

    /// <summary>Registers the builtin.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b) =>
        b.Add("strings", "strings.render_template(value: string, vars: object[string: any]) => string", "Renders a Go text/template (fields, pipelines, functions, if, range, with, define) with the given variables.", (ctx, a) =>
        {
            var source = Operands.String(a, 0);
            var vars = Operands.Object(a, 1);
            try
            {
                ctx.Budget.CheckExpanded(vars); // converted to Go values in full: shared parts once per use
                var data = ToGo(vars);
                var templates = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
                var root = new Parser(new Lexer(source).Run(), templates).ParseRoot();
                var sb = new StringBuilder();
                t_budget = ctx.Budget;
                new Exec(templates, source, sb, ctx.CancellationToken).Run(root, data);
                return Operands.Str(sb.ToString());
            }
            catch (TemplateError e)
            {
                throw new BuiltinException(e.Message);
            }
            finally
            {
                t_budget = null;
            }
        });

    /// <summary>The query's size budget while a template renders on this thread (nested ranges and printf widths multiply the output).</summary>
    [ThreadStatic]
    private static Evaluation.SizeBudget? t_budget;

    /// <summary>A template parse or execution error, worded as Go words it.</summary>
    private sealed class TemplateError(string message) : Exception(message);

    /// <summary>Unwinds a <c>{{break}}</c> or <c>{{continue}}</c> to its range.</summary>
    private sealed class LoopControl(bool isContinue) : Exception
    {
        public bool IsContinue { get; } = isContinue;
    }

    /// <summary>Go's nil inside the data (an interface holding nil), as opposed to no value at all (C# null).</summary>
    private sealed class GoNil
    {
        public static readonly GoNil Instance = new();
    }

    /// <summary>A <c>json.Number</c>: a number kept as its text, which Go treats as a string.</summary>
    private sealed record GoNumber(string Text);

    /// <summary>Converts the variables as OPA does (through JSON): objects with string keys, arrays, json.Number.</summary>
    private static object ToGo(RegoValue v) => v switch
    {
        RegoNull => GoNil.Instance,
        RegoBoolean b => b.Value,
        RegoNumber n => new GoNumber(n.ToText()),
        RegoString s => s.Value,
        RegoArray a => a.Items.ToArray().Select(ToGo).ToList<object?>(),
        RegoObject o => ToMap(o),
        _ => throw new TemplateError($"template variables must be JSON values, but one is a {v.TypeName}"),
    };

    private static SortedDictionary<string, object?> ToMap(RegoObject o)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in o)
        {
            map[key is RegoString s ? s.Value : throw new TemplateError($"template variables must be JSON values, but an object has the key {key}")] = ToGo(value);
        }

        return map;
    }

    /// <summary>The Go type name of a value, as error messages show it.</summary>
    private static string TypeName(object? v) => v switch
    {
        string => "string",
        GoNumber => "json.Number",
        long => "int",
        double => "float64",
        bool => "bool",
        SortedDictionary<string, object?> => "map[string]interface {}",
        List<object?> => "[]interface {}",
        _ => "interface {}",
    };

    /// <summary>A value as Go's <c>fmt</c> prints it with <c>%v</c>.</summary>
    private static string Fmt(object? v) => v switch
    {
        null or GoNil => "<nil>",
        string s => s,
        GoNumber n => n.Text,
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => Sprintf.GoFloat(d),
        bool b => b ? "true" : "false",
        SortedDictionary<string, object?> m => "map[" + string.Join(' ', m.Select(kv => kv.Key + ":" + Fmt(kv.Value))) + "]",
        List<object?> l => "[" + string.Join(' ', l.Select(Fmt)) + "]",
        _ => v.ToString() ?? string.Empty,
    };

    /// <summary>Go's <c>fmt.Sprint</c>: spaces between operands when neither side is a string.</summary>
    private static string Sprint(List<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && !IsString(args[i]) && !IsString(args[i - 1]))
            {
                sb.Append(' ');
            }

            sb.Append(Fmt(args[i]));
        }

        return sb.ToString();
    }

    private static bool IsString(object? v) => v is string or GoNumber;

    /// <summary>Go's truth of a value for <c>if</c>, <c>with</c>, <c>and</c>, <c>or</c>, <c>not</c>.</summary>
    private static bool IsTrue(object? v) => v switch
    {
        null or GoNil => false,
        bool b => b,
        string s => s.Length > 0,
        GoNumber n => n.Text.Length > 0,
        long l => l != 0,
        double d => d != 0,
        SortedDictionary<string, object?> m => m.Count > 0,
        List<object?> l => l.Count > 0,
        _ => true,
    };

    /// <summary>Runs a parsed template, as Go's <c>text/template</c> execution state does.</summary>
    private sealed partial class Exec(Dictionary<string, List<Node>> templates, string source, StringBuilder output, CancellationToken cancellationToken)
    {
        private List<(string Name, object? Value, bool Iface)> _vars = [];
        private string _name = "template";
        private Node? _at;
        private int _depth;

        public void Run(List<Node> root, object data)
        {
            _vars.Add(("$", data, false));
            Walk(data, false, root);
        }

        /// <summary>An execution error at the node being evaluated: <c>template: template:L:C: executing "name" at &lt;node&gt;: message</c>.</summary>
        private TemplateError Fail(string message)
        {
            var pos = Math.Min(_at?.Pos ?? 0, source.Length);
            var line = 1 + source.AsSpan(0, pos).Count('\n');
            var lineStart = pos == 0 ? 0 : source.LastIndexOf('\n', pos - 1) + 1;
            var col = System.Text.Encoding.UTF8.GetByteCount(source.AsSpan(lineStart, pos - lineStart));
            var context = _at switch
            {
                null => string.Empty,
                ActionNode a => "{{" + a.Pipe + "}}",
                TemplateNode t => "{{template " + Sprintf.GoQuote(t.Name) + (t.Pipe is null ? string.Empty : " " + t.Pipe) + "}}",
                ControlNode c => "{{" + c.Kind + " " + c.Pipe + "}}",
                var n => n.ToString(),
            };
            if (context.Length > 20)
            {
                context = context[..20] + "...";
            }

            return new TemplateError($"template: template:{line}:{col}: executing {Sprintf.GoQuote(_name)} at <{context}>: {message}");
        }

        private void Walk(object? dot, bool dotIface, List<Node> list)
        {
            if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw Fail($"exceeded maximum template depth ({_depth})");
            }

            foreach (var node in list)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case TextNode t:
                        Write(t.Text);
                        break;
                    case ActionNode a:
                        _at = a;
                        var value = Pipeline(dot, dotIface, a.Pipe);
                        if (a.Pipe.Decl.Count == 0)
                        {
                            Write(value is null ? "<no value>" : Fmt(value));
                        }

                        break;
                    case ControlNode { Kind: "range" } r:
                        Range(dot, dotIface, r);
                        break;
                    case ControlNode c:
                        IfOrWith(dot, dotIface, c);
                        break;
                    case BreakNode b:
                        throw new LoopControl(b.IsContinue);
                    case TemplateNode t:
                        CallTemplate(dot, dotIface, t);
                        break;
                }
            }
        }

        /// <summary>Appends output, up to <see cref="MaxOutput"/> characters.</summary>
        private void Write(string text)
        {
            t_budget?.CheckChars((long)output.Length + text.Length);
            if (output.Length + text.Length > MaxOutput)
            {
                throw Fail($"template output exceeds {MaxOutput} characters");
            }

            output.Append(text);
        }

        private void IfOrWith(object? dot, bool dotIface, ControlNode c)
        {
            var mark = _vars.Count;
            try
            {
                _at = c;
                var value = Pipeline(dot, dotIface, c.Pipe);
                if (IsTrue(value))
                {
                    if (c.Kind == "with")
                    {
                        Walk(value, false, c.List);
                    }
                    else
                    {
                        Walk(dot, dotIface, c.List);
                    }
                }
                else if (c.Else is not null)
                {
                    Walk(dot, dotIface, c.Else);
                }
            }
            finally
            {
                _vars.RemoveRange(mark, _vars.Count - mark);
            }
        }

        private void Range(object? dot, bool dotIface, ControlNode r)
        {
            var mark = _vars.Count;
            try
            {
                _at = r;
                var value = Pipeline(dot, dotIface, r.Pipe);
                IEnumerable<(object? Key, object? Elem, bool Iface)> items = value switch
                {
                    List<object?> l => l.Select((e, i) => ((object?)(long)i, e, true)),
                    SortedDictionary<string, object?> m => m.Select(kv => ((object?)kv.Key, kv.Value, true)),
                    long n when r.Pipe.Decl.Count > 1 => throw Fail($"can't use {n} to iterate over more than one variable"),
                    long n => LongRange(n).Select(i => ((object?)i, (object?)i, false)),
                    null => [],
                    _ => throw Fail($"range can't iterate over {Fmt(value)}"),
                };
                var ran = false;
                foreach (var (key, elem, iface) in items)
                {
                    ran = true;
                    var decl = r.Pipe.Decl;
                    if (decl.Count > 0)
                    {
                        if (r.Pipe.IsAssign)
                        {
                            SetVar(decl[0], decl.Count > 1 ? key : elem);
                            if (decl.Count > 1)
                            {
                                SetVar(decl[1], elem);
                            }
                        }
                        else
                        {
                            _vars[mark + decl.Count - 1] = (decl[^1], elem, iface);
                            if (decl.Count > 1)
                            {
                                _vars[mark] = (decl[0], key, false);
                            }
                        }
                    }

                    var inner = _vars.Count;
                    try
                    {
                        Walk(elem, iface, r.List);
                    }
                    catch (LoopControl control)
                    {
                        if (!control.IsContinue)
                        {
                            break;
                        }
                    }
                    finally
                    {
                        _vars.RemoveRange(inner, _vars.Count - inner);
                    }
                }

                if (!ran && r.Else is not null)
                {
                    Walk(dot, dotIface, r.Else);
                }
            }
            finally
            {
                _vars.RemoveRange(mark, _vars.Count - mark);
            }
        }

        private static IEnumerable<long> LongRange(long n)
        {
            for (long i = 0; i < n; i++)
            {
                yield return i;
            }
        }

        private void CallTemplate(object? dot, bool dotIface, TemplateNode t)
        {
            _at = t;
            if (!templates.TryGetValue(t.Name, out var body))
            {
                throw Fail($"template {Sprintf.GoQuote(t.Name)} not defined");
            }

            if (_depth >= MaxDepth)
            {
                throw Fail($"exceeded maximum template depth ({MaxDepth})");
            }

            var newDot = t.Pipe is null ? null : Pipeline(dot, dotIface, t.Pipe);
            var (savedVars, savedName) = (_vars, _name);
            _vars = [("$", newDot, false)];
            _name = t.Name;
            _depth++;
            try
            {
                Walk(newDot, false, body);
            }
            finally
            {
                (_vars, _name) = (savedVars, savedName);
                _depth--;
            }
        }

        private object? Pipeline(object? dot, bool dotIface, Pipe pipe)
        {
            _at = pipe;
            object? value = null;
            var hasFinal = false;
            foreach (var cmd in pipe.Cmds)
            {
                value = Command(dot, dotIface, cmd, value, hasFinal);
                hasFinal = true;
                if (value is GoNil)
                {
                    value = null;
                }
            }

            foreach (var name in pipe.Decl)
            {
                if (pipe.IsAssign)
                {
                    SetVar(name, value);
                }
                else
                {
                    _vars.Add((name, value, false));
                }
            }

            return value;
        }

        private void SetVar(string name, object? value)
        {
            for (var i = _vars.Count - 1; i >= 0; i--)
            {
                if (_vars[i].Name == name)
                {
                    _vars[i] = (name, value, false);
                    return;
                }
            }

            throw Fail($"undefined variable: {name}");
        }

        private (object? Value, bool Iface) VarValue(string name)
        {
            for (var i = _vars.Count - 1; i >= 0; i--)
            {
                if (_vars[i].Name == name)
                {
                    return (_vars[i].Value, _vars[i].Iface);
                }
            }

            throw Fail($"undefined variable: {name}");
        }

        private object? Command(object? dot, bool dotIface, Command cmd, object? final, bool hasFinal)
        {
            var first = cmd.Args[0];
            switch (first)
            {
                case FieldNode f:
                    _at = f;
                    return FieldChain(dot, dotIface, f.Idents, cmd.Args.Count, hasFinal);
                case ChainNode c:
                    return Chain(dot, dotIface, c, cmd.Args.Count, hasFinal);
                case IdentifierNode id:
                    return Call(dot, dotIface, id, cmd, cmd.Args.Skip(1).ToList(), final, hasFinal);
                case Pipe p:
                    NotAFunction(cmd.Args, hasFinal);
                    return Pipeline(dot, dotIface, p);
                case VariableNode v:
                    return Variable(v, cmd.Args.Count, hasFinal);
            }

            _at = first;
            NotAFunction(cmd.Args, hasFinal);
            var literal = (LiteralNode)first;
            return literal.Kind switch
            {
                "dot" => dot,
                "nil" => throw Fail("nil is not a command"),
                _ => literal.Value,
            };
        }

        private void NotAFunction(List<Node> args, bool hasFinal)
        {
            if (args.Count > 1 || hasFinal)
            {
                throw Fail($"can't give argument to non-function {args[0]}");
            }
        }

        private object? Variable(VariableNode v, int argCount, bool hasFinal)
        {
            _at = v;
            var (value, iface) = VarValue(v.Idents[0]);
            if (v.Idents.Length == 1)
            {
                if (argCount > 1 || hasFinal)
                {
                    throw Fail($"can't give argument to non-function {v}");
                }

                return value;
            }

            return FieldChain(value, iface, v.Idents[1..], argCount, hasFinal);
        }

        private object? Chain(object? dot, bool dotIface, ChainNode c, int argCount, bool hasFinal)
        {
            _at = c;
            if (c.Term is LiteralNode { Kind: "nil" })
            {
                throw Fail($"indirection through explicit nil in {c}");
            }

            var receiver = Arg(dot, dotIface, c.Term, anyType: true, keepNull: true);
            _at = c;
            return FieldChain(receiver, false, c.Fields, argCount, hasFinal);
        }

        /// <summary>Follows a chain of field names from a receiver; only the last may be given arguments (which is an error on a map).</summary>
        private object? FieldChain(object? receiver, bool iface, string[] idents, int argCount, bool hasFinal)
        {
            for (var i = 0; i < idents.Length; i++)
            {
                var last = i == idents.Length - 1;
                receiver = Field(idents[i], receiver, iface, last && (argCount > 1 || hasFinal));
                iface = true;
            }

            return receiver;
        }

        private object? Field(string name, object? receiver, bool iface, bool hasArgs)
        {
            if (receiver is null)
            {
                throw Fail($"nil data; no entry for key {Sprintf.GoQuote(name)}");
            }

            var type = iface ? "interface {}" : TypeName(receiver);
            if (receiver is GoNil)
            {
                throw Fail($"nil pointer evaluating {type}.{name}");
            }

            if (receiver is SortedDictionary<string, object?> map)
            {
                if (hasArgs)
                {
                    throw Fail($"{name} is not a method but has arguments");
                }

                return map.TryGetValue(name, out var value) ? value : throw Fail($"map has no entry for key {Sprintf.GoQuote(name)}");
            }

            if (receiver is GoNumber number && name is "String" or "Int64" or "Float64")
            {
                return NumberMethod(number, name, hasArgs);
            }

            throw Fail($"can't evaluate field {name} in type {type}");
        }

        /// <summary>The methods of Go's json.Number: String, Int64 and Float64 (strconv's parsing and errors).</summary>
        private object NumberMethod(GoNumber number, string name, bool hasArgs)
        {
            if (hasArgs)
            {
                throw Fail($"wrong number of args for {name}: want 0 got 1");
            }

            var text = number.Text;
            var style = System.Globalization.NumberStyles.AllowLeadingSign;
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            switch (name)
            {
                case "String":
                    return text;
                case "Int64":
                    if (long.TryParse(text, style, culture, out var l))
                    {
                        return l;
                    }

                    var range = System.Numerics.BigInteger.TryParse(text, style, culture, out _);
                    throw Fail($"error calling Int64: strconv.ParseInt: parsing {Sprintf.GoQuote(text)}: {(range ? "value out of range" : "invalid syntax")}");
                default:
                    if (double.TryParse(text, System.Globalization.NumberStyles.Float, culture, out var d) && double.IsFinite(d))
                    {
                        return d;
                    }

                    throw Fail($"error calling Float64: strconv.ParseFloat: parsing {Sprintf.GoQuote(text)}: value out of range");
            }
        }
    }
}
