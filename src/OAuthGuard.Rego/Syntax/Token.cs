namespace OAuthGuard.Rego.Syntax;

/// <summary>What came between the previous token and this one.</summary>
[Flags]
internal enum TokenFlags : byte
{
    /// <summary>Nothing: the token touches the previous one.</summary>
    None = 0,

    /// <summary>Whitespace or a comment precedes the token (so <c>a [0]</c> is not a reference).</summary>
    SpaceBefore = 1,

    /// <summary>A line break precedes the token (it separates body literals).</summary>
    NewlineBefore = 2,

    /// <summary>The lexer already reported an error for this token.</summary>
    Reported = 4,
}

/// <summary>A token: its kind and where its text is; no substring is made until the parser needs one.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Flags">Whitespace before the token, and whether an error was reported.</param>
/// <param name="Start">0-based offset in the source text.</param>
/// <param name="Length">Length in characters.</param>
internal readonly record struct Token(TokenKind Kind, TokenFlags Flags, int Start, int Length)
{
    /// <summary>Gets the offset just past the token.</summary>
    public int End => Start + Length;

    /// <summary>Gets a value indicating whether whitespace or a comment precedes the token.</summary>
    public bool SpaceBefore => (Flags & TokenFlags.SpaceBefore) != 0;

    /// <summary>Gets a value indicating whether a line break precedes the token.</summary>
    public bool NewlineBefore => (Flags & TokenFlags.NewlineBefore) != 0;
}
