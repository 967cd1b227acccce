namespace OAuthGuard.Rego.Syntax;

/// <summary>The kinds of token the Rego lexer produces (OPA's scanner tokens, keywords of Rego v1 included).</summary>
internal enum TokenKind : byte
{
    /// <summary>A character sequence that is not Rego (the lexer may already have reported why).</summary>
    Illegal,

    /// <summary>The end of the source.</summary>
    Eof,

    /// <summary>An identifier (variable, rule or function name).</summary>
    Ident,

    /// <summary>A number literal.</summary>
    Number,

    /// <summary>A double-quoted string literal, escapes undecoded.</summary>
    String,

    /// <summary>A back-quoted raw string literal.</summary>
    RawString,

    /// <summary><c>package</c>.</summary>
    Package,

    /// <summary><c>import</c>.</summary>
    Import,

    /// <summary><c>as</c>.</summary>
    As,

    /// <summary><c>default</c>.</summary>
    Default,

    /// <summary><c>else</c>.</summary>
    Else,

    /// <summary><c>not</c>.</summary>
    Not,

    /// <summary><c>some</c>.</summary>
    Some,

    /// <summary><c>with</c>.</summary>
    With,

    /// <summary><c>null</c>.</summary>
    Null,

    /// <summary><c>true</c>.</summary>
    True,

    /// <summary><c>false</c>.</summary>
    False,

    /// <summary><c>every</c>.</summary>
    Every,

    /// <summary><c>contains</c>.</summary>
    Contains,

    /// <summary><c>if</c>.</summary>
    If,

    /// <summary><c>in</c>.</summary>
    In,

    /// <summary><c>[</c>.</summary>
    LBrack,

    /// <summary><c>]</c>.</summary>
    RBrack,

    /// <summary><c>{</c>.</summary>
    LBrace,

    /// <summary><c>}</c>.</summary>
    RBrace,

    /// <summary><c>(</c>.</summary>
    LParen,

    /// <summary><c>)</c>.</summary>
    RParen,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>:</c>.</summary>
    Colon,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary><c>.</c>.</summary>
    Dot,

    /// <summary><c>+</c>.</summary>
    Plus,

    /// <summary><c>-</c>.</summary>
    Minus,

    /// <summary><c>*</c>.</summary>
    Star,

    /// <summary><c>/</c>.</summary>
    Slash,

    /// <summary><c>%</c>.</summary>
    Percent,

    /// <summary><c>&amp;</c>.</summary>
    Amp,

    /// <summary><c>|</c>.</summary>
    Pipe,

    /// <summary><c>=</c> (unification).</summary>
    Unify,

    /// <summary><c>==</c>.</summary>
    Equal,

    /// <summary><c>:=</c>.</summary>
    Assign,

    /// <summary><c>!=</c>.</summary>
    Neq,

    /// <summary><c>&lt;</c>.</summary>
    Lt,

    /// <summary><c>&lt;=</c>.</summary>
    Lte,

    /// <summary><c>&gt;</c>.</summary>
    Gt,

    /// <summary><c>&gt;=</c>.</summary>
    Gte,
}

/// <summary>Names and classes of token kinds, as OPA's error messages spell them.</summary>
internal static class TokenKinds
{
    /// <summary>Returns OPA's name for a token kind (<c>identifier</c>, <c>eof</c>, <c>plus</c>, <c>[</c>, …).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name used in "unexpected … token" messages.</returns>
    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.Illegal => "illegal",
        TokenKind.Eof => "eof",
        TokenKind.Ident => "identifier",
        TokenKind.Number => "number",
        TokenKind.String or TokenKind.RawString => "string",
        TokenKind.Package => "package",
        TokenKind.Import => "import",
        TokenKind.As => "as",
        TokenKind.Default => "default",
        TokenKind.Else => "else",
        TokenKind.Not => "not",
        TokenKind.Some => "some",
        TokenKind.With => "with",
        TokenKind.Null => "null",
        TokenKind.True => "true",
        TokenKind.False => "false",
        TokenKind.Every => "every",
        TokenKind.Contains => "contains",
        TokenKind.If => "if",
        TokenKind.In => "in",
        TokenKind.LBrack => "[",
        TokenKind.RBrack => "]",
        TokenKind.LBrace => "{",
        TokenKind.RBrace => "}",
        TokenKind.LParen => "(",
        TokenKind.RParen => ")",
        TokenKind.Comma => ",",
        TokenKind.Colon => ":",
        TokenKind.Semicolon => ";",
        TokenKind.Dot => ".",
        TokenKind.Plus => "plus",
        TokenKind.Minus => "minus",
        TokenKind.Star => "mul",
        TokenKind.Slash => "div",
        TokenKind.Percent => "rem",
        TokenKind.Amp => "and",
        TokenKind.Pipe => "or",
        TokenKind.Unify => "eq",
        TokenKind.Equal => "equal",
        TokenKind.Assign => "assign",
        TokenKind.Neq => "neq",
        TokenKind.Lt => "lt",
        TokenKind.Lte => "lte",
        TokenKind.Gt => "gt",
        _ => "gte",
    };

    /// <summary>Returns true for Rego v1 keywords (<c>package</c> … <c>in</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>True for keywords.</returns>
    public static bool IsKeyword(TokenKind kind) => kind is >= TokenKind.Package and <= TokenKind.In;

    /// <summary>Returns the keyword kind for an identifier, or <see cref="TokenKind.Ident"/>.</summary>
    /// <param name="text">The identifier text.</param>
    /// <returns>The kind.</returns>
    public static TokenKind Keyword(ReadOnlySpan<char> text) => text switch
    {
        "as" => TokenKind.As,
        "default" => TokenKind.Default,
        "else" => TokenKind.Else,
        "every" => TokenKind.Every,
        "false" => TokenKind.False,
        "if" => TokenKind.If,
        "import" => TokenKind.Import,
        "in" => TokenKind.In,
        "not" => TokenKind.Not,
        "null" => TokenKind.Null,
        "package" => TokenKind.Package,
        "some" => TokenKind.Some,
        "true" => TokenKind.True,
        "with" => TokenKind.With,
        "contains" => TokenKind.Contains,
        _ => TokenKind.Ident,
    };
}
