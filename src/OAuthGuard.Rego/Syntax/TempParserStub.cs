namespace OAuthGuard.Rego.Syntax;

internal sealed class NodeIdGenerator
{
    private int _next;

    public int Next() => _next++;
}

internal static class RegoParser
{
    public static Ast.RegoModule? ParseModule(SourceText source, NodeIdGenerator ids, List<Diagnostics.Diagnostic> diagnostics) => null;

    public static Ast.Query? ParseQuery(SourceText source, NodeIdGenerator ids, List<Diagnostics.Diagnostic> diagnostics) => null;
}
