namespace OAuthGuard.Rego.Syntax;

/// <summary>
/// Hands out dense node ids (0, 1, 2, …) for one compilation, so later stages can keep per-node data in arrays.
/// The parser rewinds it when it backtracks, so abandoned attempts leave no holes.
/// </summary>
internal sealed class NodeIdGenerator
{
    /// <summary>Gets or sets the number of ids handed out so far (the next id).</summary>
    public int Count { get; set; }

    /// <summary>Returns the next id.</summary>
    /// <returns>A fresh id.</returns>
    public int Next() => Count++;
}
