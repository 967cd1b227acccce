namespace OAuthGuard.Rego.Syntax;

/// <summary>A source file: its path, its text and a lazily built table of line starts.</summary>
public sealed class SourceText
{
    private int[]? _lineStarts;

    /// <summary>Initializes a new instance of the <see cref="SourceText"/> class.</summary>
    /// <param name="path">The path shown in diagnostics.</param>
    /// <param name="text">The full text.</param>
    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>Gets the path shown in diagnostics.</summary>
    public string Path { get; }

    /// <summary>Gets the full text.</summary>
    public string Text { get; }

    /// <summary>Returns the 1-based line and column of a character offset.</summary>
    /// <param name="offset">A 0-based offset into <see cref="Text"/>.</param>
    /// <returns>The line and column, both 1-based; columns count UTF-16 code units.</returns>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        var starts = _lineStarts ??= ComputeLineStarts(Text);
        var index = Array.BinarySearch(starts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, offset - starts[index] + 1);
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}

/// <summary>A range of characters in a <see cref="SourceText"/>.</summary>
/// <param name="Source">The source file.</param>
/// <param name="Start">0-based start offset.</param>
/// <param name="Length">Length in characters.</param>
public readonly record struct SourceSpan(SourceText Source, int Start, int Length)
{
    /// <summary>Gets the 1-based line of the start.</summary>
    public int Line => Source.GetLineColumn(Start).Line;

    /// <summary>Gets the 1-based column of the start.</summary>
    public int Column => Source.GetLineColumn(Start).Column;

    /// <summary>Gets the offset just past the end.</summary>
    public int End => Start + Length;

    /// <summary>Gets the covered text.</summary>
    public string Text => Source.Text.Substring(Start, Math.Min(Length, Source.Text.Length - Start));

    /// <summary>Returns a span from the start of this one to the end of another.</summary>
    /// <param name="other">A later span in the same source.</param>
    /// <returns>The covering span.</returns>
    public SourceSpan Through(SourceSpan other) => new(Source, Start, Math.Max(End, other.End) - Start);

    /// <inheritdoc/>
    public override string ToString() => $"{Source.Path}:{Line}:{Column}";
}
