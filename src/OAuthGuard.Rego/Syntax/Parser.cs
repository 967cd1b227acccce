using System.Collections.Immutable;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Syntax;

/// <summary>
/// A recursive-descent parser for Rego v1, following OPA's grammar and precedence. The first error in a statement
/// aborts that statement (an internal exception unwinds to the statement loop), then parsing resumes at the next
/// line that starts in column 1 with an identifier, so one mistake gives one diagnostic.
/// This file holds the state, the token helpers, error reporting and the module structure.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>How many parse errors one file may report before the parser gives up.</summary>
    public const int ErrorLimit = 10;

    private const int MaxDepth = 1000;

    private readonly SourceText _source;
    private readonly string _text;
    private readonly Token[] _tokens;
    private readonly NodeIdGenerator _ids;
    private readonly List<Diagnostic> _diagnostics;
    private readonly int _firstDiagnostic;
    private int _pos;
    private int _wildcards;
    private int _depth;
    private int _lastEnd;
    private bool _notBody;

    private Parser(SourceText source, Token[] tokens, NodeIdGenerator ids, List<Diagnostic> diagnostics)
    {
        _source = source;
        _text = source.Text;
        _tokens = tokens;
        _ids = ids;
        _diagnostics = diagnostics;
        _firstDiagnostic = diagnostics.Count;
    }

    /// <summary>Creates a parser over a source, tokenizing it first.</summary>
    /// <param name="source">The source.</param>
    /// <param name="ids">The node id generator of the compilation.</param>
    /// <param name="diagnostics">Where errors go.</param>
    /// <param name="comments">The comments of the source.</param>
    /// <returns>The parser.</returns>
    public static Parser Create(SourceText source, NodeIdGenerator ids, List<Diagnostic> diagnostics, out List<Token> comments)
    {
        var tokens = Lexer.Tokenize(source, diagnostics, out comments);
        return new Parser(source, tokens, ids, diagnostics);
    }

    private Token Current => _tokens[_pos];

    private TokenKind Kind => _tokens[_pos].Kind;

    private bool HasErrors => _diagnostics.Count > _firstDiagnostic;

    private int ErrorCount => _diagnostics.Count - _firstDiagnostic;

    private Token Peek(int n = 1) => _tokens[Math.Min(_pos + n, _tokens.Length - 1)];

    private Token Advance()
    {
        var t = _tokens[_pos];
        if (t.Kind != TokenKind.Eof)
        {
            _pos++;
            _lastEnd = t.End;
        }

        return t;
    }

    private Token Expect(TokenKind kind, string? note = null)
    {
        if (Kind != kind)
        {
            throw Unexpected(note ?? "expected " + TokenKinds.Describe(kind));
        }

        return Advance();
    }

    private SourceSpan Span(int start, int end) => new(_source, start, Math.Max(0, end - start));

    private SourceSpan SpanFrom(int start) => Span(start, Math.Max(_lastEnd, start));

    private SourceSpan TokenSpan(Token t) => new(_source, t.Start, t.Length);

    private string TokenText(Token t) => _text.Substring(t.Start, t.Length);

    private ReadOnlySpan<char> TokenChars(Token t) => _text.AsSpan(t.Start, t.Length);

    private int NextId() => _ids.Next();

    // ---- backtracking ---------------------------------------------------------------------------------------

    private readonly record struct State(int Pos, int Ids, int Wildcards, int Diagnostics, int LastEnd, int Depth);

    private State Save() => new(_pos, _ids.Count, _wildcards, _diagnostics.Count, _lastEnd, _depth);

    private void Restore(State s)
    {
        _pos = s.Pos;
        _ids.Count = s.Ids;
        _wildcards = s.Wildcards;
        _lastEnd = s.LastEnd;
        _depth = s.Depth;
        if (_diagnostics.Count > s.Diagnostics)
        {
            _diagnostics.RemoveRange(s.Diagnostics, _diagnostics.Count - s.Diagnostics);
        }
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error(TokenSpan(Current), "max parsing recursion depth exceeded");
        }
    }

    private void Leave() => _depth--;

    // ---- errors ---------------------------------------------------------------------------------------------

    private ParseAbortException Error(SourceSpan span, string message)
    {
        _diagnostics.Add(Diagnostic.Error(ErrorCodes.ParseError, message, span));
        return new ParseAbortException();
    }

    private ParseAbortException Unexpected(string? note = null)
    {
        var t = Current;
        if (t.Kind == TokenKind.Illegal)
        {
            if ((t.Flags & TokenFlags.Reported) != 0)
            {
                return new ParseAbortException();
            }

            return Error(TokenSpan(t), "illegal token");
        }

        var what = TokenKinds.Describe(t.Kind) + (TokenKinds.IsKeyword(t.Kind) ? " keyword" : " token");
        return Error(TokenSpan(t), note is null ? $"unexpected {what}" : $"unexpected {what}: {note}");
    }

    /// <summary>
    /// Skips to the next line that starts in column 1 with an identifier or keyword (a likely statement), looking
    /// from the start of the line where the error was found: in <c>p := [1,</c> followed by <c>q := 2</c>, the
    /// error is reported at <c>:=</c> but <c>q</c> still starts the next rule.
    /// </summary>
    private void Recover(int statementStart)
    {
        var i = Math.Min(_pos, _tokens.Length - 1);
        while (i > statementStart + 1 && !_tokens[i].NewlineBefore)
        {
            i--;
        }

        _pos = Math.Max(i, statementStart + 1);
        while (_pos < _tokens.Length && Kind != TokenKind.Eof)
        {
            var t = Current;
            if (t.NewlineBefore && (t.Kind == TokenKind.Ident || TokenKinds.IsKeyword(t.Kind)) && AtLineStart(t.Start))
            {
                return;
            }

            _pos++;
        }

        _pos = Math.Min(_pos, _tokens.Length - 1);
    }

    private bool AtLineStart(int offset) => offset == 0 || _text[offset - 1] == '\n';

    // ---- module structure -----------------------------------------------------------------------------------

    /// <summary>Parses a whole module: package, imports, rules.</summary>
    /// <returns>The module, or null when the package clause is missing or invalid.</returns>
    public RegoModule? ParseModule(out ImmutableArray<Node> statements)
    {
        statements = [];
        if (Kind == TokenKind.Eof)
        {
            _diagnostics.Add(Diagnostic.Error(ErrorCodes.ParseError, "empty module", TokenSpan(Current)));
            return null;
        }

        Package? package = null;
        var imports = ImmutableArray.CreateBuilder<Import>();
        var rules = ImmutableArray.CreateBuilder<Rule>();
        var all = ImmutableArray.CreateBuilder<Node>();
        var first = true;
        while (Kind != TokenKind.Eof)
        {
            if (ErrorCount >= ErrorLimit)
            {
                break;
            }

            var startPos = _pos;
            _depth = 0;
            try
            {
                if (Kind == TokenKind.Package && !IsRefContinuation(Peek()))
                {
                    if (!first)
                    {
                        throw Error(TokenSpan(Current), "unexpected package");
                    }

                    package = ParsePackage();
                    all.Add(package);
                }
                else if (first)
                {
                    throw Error(TokenSpan(Current), "package expected");
                }
                else if (Kind == TokenKind.Import && !IsRefContinuation(Peek()))
                {
                    var import = ParseImport();
                    if (import is not null)
                    {
                        imports.Add(import);
                        all.Add(import);
                    }
                }
                else
                {
                    var rule = ParseRule();
                    rules.Add(rule);
                    all.Add(rule);
                }
            }
            catch (ParseAbortException)
            {
                if (first && package is null)
                {
                    return null;
                }

                Recover(startPos);
            }

            first = false;
        }

        if (package is null)
        {
            return null;
        }

        statements = all.ToImmutable();
        var span = Span(0, _text.Length);
        return new RegoModule(span, NextId(), package, imports.ToImmutable(), rules.ToImmutable(), []);
    }

    /// <summary>Parses a query (a body with literals separated by newlines or semicolons).</summary>
    /// <returns>The query, or null after an error.</returns>
    public Query? ParseQueryText()
    {
        try
        {
            if (Kind == TokenKind.Eof)
            {
                throw Error(TokenSpan(Current), "empty query");
            }

            var query = ParseBody(TokenKind.Eof);
            return query;
        }
        catch (ParseAbortException)
        {
            return null;
        }
    }

    private static bool IsRefContinuation(Token next) => !next.SpaceBefore && next.Kind is TokenKind.Dot or TokenKind.LBrack;

    private Package ParsePackage()
    {
        var start = Advance().Start;
        if (Kind != TokenKind.Ident && !TokenKinds.IsKeyword(Kind))
        {
            throw Unexpected();
        }

        var path = ImmutableArray.CreateBuilder<Term>();
        var first = Advance();
        path.Add(new ScalarTerm(TokenSpan(first), NextId(), new RegoString(TokenText(first))));
        ParseStringPath(path);
        var span = SpanFrom(start);
        var dataSpan = TokenSpan(first);
        var reference = new RefTerm(Span(first.Start, _lastEnd), NextId(), new VarTerm(dataSpan, NextId(), "data"), path.ToImmutable());
        return new Package(span, NextId(), reference);
    }

    /// <summary>Parses <c>.a.b["c"]</c> continuations whose operands must be strings (package and import paths).</summary>
    private void ParseStringPath(ImmutableArray<Term>.Builder path)
    {
        while (IsRefContinuation(Current))
        {
            if (Advance().Kind == TokenKind.Dot)
            {
                if (Kind != TokenKind.Ident && !TokenKinds.IsKeyword(Kind))
                {
                    throw Unexpected("expected identifier");
                }

                var t = Advance();
                path.Add(new ScalarTerm(TokenSpan(t), NextId(), new RegoString(TokenText(t))));
            }
            else
            {
                var term = ParseTermInfix(keyValue: true);
                Expect(TokenKind.RBrack, "expected ]");
                if (term is not ScalarTerm { Value: RegoString })
                {
                    throw Error(term.Span, $"unexpected {ValueName(term)} token: expecting string");
                }

                path.Add(term);
            }
        }
    }

    private Import? ParseImport()
    {
        var start = Advance().Start;
        if (Kind != TokenKind.Ident && !TokenKinds.IsKeyword(Kind))
        {
            throw Unexpected();
        }

        var headToken = Advance();
        var headName = TokenText(headToken);
        var head = new VarTerm(TokenSpan(headToken), NextId(), headName);
        var path = ImmutableArray.CreateBuilder<Term>();
        ParseStringPath(path);
        var reference = new RefTerm(Span(headToken.Start, _lastEnd), NextId(), head, path.ToImmutable());
        if (headName is not ("data" or "input" or "future" or "rego"))
        {
            throw Error(reference.Span, $"unexpected import path, must begin with one of: {{data, future, input, rego}}, got: {headName}");
        }

        string? alias = null;
        if (Kind == TokenKind.As)
        {
            Advance();
            if (Kind != TokenKind.Ident)
            {
                throw Unexpected("expected var");
            }

            alias = TokenText(Advance());
        }

        var span = SpanFrom(start);
        if (headName == "future")
        {
            ValidateFutureImport(reference, alias);
            return new Import(span, NextId(), reference, alias);
        }

        if (headName == "rego")
        {
            // `rego.v2` is OPA's preview of the next language version; of it we support the not-body form.
            if (path.Count != 1 || path[0] is not ScalarTerm { Value: RegoString { Value: "v1" or "v2" } } versionTerm
                || versionTerm.Value is not RegoString version)
            {
                throw Error(reference.Span, $"invalid import `{AstPrinter.Print(reference)}`, must be `rego.v1`");
            }

            _notBody |= version.Value == "v2";

            if (alias is not null)
            {
                throw Error(reference.Span, "`rego` imports cannot be aliased");
            }

            return new Import(span, NextId(), reference, alias);
        }

        if (alias is null && path.Count > 0 && path[^1] is ScalarTerm { Value: RegoString last } && TokenKinds.Keyword(last.Value) != TokenKind.Ident)
        {
            throw Error(path[^1].Span, $"unexpected import path, must not end with a keyword, got: {last.Value}");
        }

        return new Import(span, NextId(), reference, alias);
    }

    private void ValidateFutureImport(RefTerm reference, string? alias)
    {
        var path = reference.Path;
        if (path.Length == 0 || path[0] is not ScalarTerm { Value: RegoString { Value: "keywords" } })
        {
            throw Error(reference.Span, "invalid import, must be `future.keywords`");
        }

        if (alias is not null)
        {
            throw Error(reference.Span, "`future` imports cannot be aliased");
        }

        // `not` is accepted for OPA's experimental not-body keyword (`not { a; b }`).
        if (path.Length == 2 && path[1] is ScalarTerm { Value: RegoString kw } && kw.Value is "contains" or "every" or "if" or "in" or "not")
        {
            _notBody |= kw.Value == "not";
            return;
        }

        if (path.Length != 1)
        {
            throw Error(reference.Span, "unexpected keyword, must be one of [contains every if in]");
        }
    }

    /// <summary>OPA's name for the kind of value a term is, as used in "… cannot be used for rule name".</summary>
    private static string ValueName(Term term) => term switch
    {
        ScalarTerm { Value: RegoNull } => "null",
        ScalarTerm { Value: RegoBoolean } => "boolean",
        ScalarTerm { Value: RegoNumber } => "number",
        ScalarTerm { Value: RegoString } => "string",
        VarTerm => "var",
        RefTerm => "ref",
        ArrayTerm => "array",
        SetTerm => "set",
        ObjectTerm => "object",
        ArrayComprehension => "arraycomprehension",
        SetComprehension => "setcomprehension",
        ObjectComprehension => "objectcomprehension",
        CallTerm => "call",
        _ => "term",
    };
}

/// <summary>Unwinds the parser to the statement loop after an error has been recorded.</summary>
internal sealed class ParseAbortException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ParseAbortException"/> class.</summary>
    public ParseAbortException()
        : base("parse aborted")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ParseAbortException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ParseAbortException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ParseAbortException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ParseAbortException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
