using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Ast;

/// <summary>
/// The base of every syntax tree node: an immutable object with a source span and a dense id assigned by the
/// parser (unique within one compilation), usable as a key for per-node data. Nodes compare by reference.
/// </summary>
internal abstract class Node
{
    private protected Node(SourceSpan span, int id)
    {
        Span = span;
        Id = id;
    }

    /// <summary>Gets where the node was written.</summary>
    public SourceSpan Span { get; }

    /// <summary>Gets the node's id, unique within a compilation.</summary>
    public int Id { get; }

    /// <summary>Reprints the node as Rego, for debugging and golden tests.</summary>
    /// <returns>Rego text.</returns>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        AstPrinter.Print(this, sb);
        return sb.ToString();
    }
}
