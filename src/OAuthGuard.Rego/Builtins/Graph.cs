using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Graph builtins: <c>walk</c> over a document, and reachability in a graph given as an adjacency object.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#graph.</remarks>
internal static class Graph
{
    /// <summary>Registers the graph builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "graph";
        b.Add(C, "walk(x: any) => array[array[any], any]", "Yields a [path, value] pair for the document and every document nested in it, parents first.", Walk, relation: true);
        b.Add(C, "graph.reachable(graph: object[any: array[any]|set[any]], initial: array[any]|set[any]) => set[any]", "Returns the vertices reachable from the initial ones (vertices that are keys of the graph).", Reachable);
        b.Add(C, "graph.reachable_paths(graph: object[any: array[any]|set[any]], initial: array[any]|set[any]) => set[array[any]]", "Returns the paths from the initial vertices until a vertex without further edges or a cycle.", ReachablePaths);
    }

    private static RegoValue Walk(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var results = new List<RegoValue>();
        var path = new List<RegoValue>();
        long elements = 0;
        Visit(a[0], path, results, ctx, ref elements);
        return RegoArray.Create(results);
    }

    private static void Visit(RegoValue value, List<RegoValue> path, List<RegoValue> results, BuiltinContext ctx, ref long elements)
    {
        ctx.CancellationToken.ThrowIfCancellationRequested();

        // Every node gets its own copy of the path: deep or shared (written out many times) documents are large.
        elements += path.Count + 3;
        ctx.Budget.Check(elements * Evaluation.SizeBudget.ElementBytes);
        results.Add(RegoArray.Create(RegoArray.Create(path), value));
        switch (value)
        {
            case RegoObject o:
                foreach (var (k, v) in o)
                {
                    path.Add(k);
                    Visit(v, path, results, ctx, ref elements);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case RegoArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    path.Add(RegoNumber.From(i));
                    Visit(arr[i], path, results, ctx, ref elements);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case RegoSet s:
                foreach (var item in s.Sorted)
                {
                    path.Add(item);
                    Visit(item, path, results, ctx, ref elements);
                    path.RemoveAt(path.Count - 1);
                }

                break;
        }
    }

    private static ReadOnlySpan<RegoValue> Vertices(RegoValue value, int index, RegoValue whole) => value switch
    {
        RegoArray arr => arr.Items,
        RegoSet s => s.Sorted,
        RegoNull => [],
        _ => throw Operands.Error(index, $"must be one of {{array, set}} but got {value.TypeName}"),
    };

    private static RegoValue Reachable(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var graph = Operands.Object(a, 0);
        var queue = new Queue<RegoValue>(Vertices(a[1], 1, a[1]).ToArray());
        var reached = new HashSet<RegoValue>();
        while (queue.Count > 0)
        {
            ctx.CancellationToken.ThrowIfCancellationRequested();
            var node = queue.Dequeue();
            if (reached.Contains(node) || graph.Get(node) is not { } edges)
            {
                continue;
            }

            reached.Add(node);
            foreach (var next in Vertices(edges, 0, a[0]))
            {
                queue.Enqueue(next);
            }
        }

        return RegoSet.Create(reached);
    }

    private static RegoValue ReachablePaths(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var graph = Operands.Object(a, 0);
        var paths = new HashSet<RegoValue>();
        long elements = 0;
        foreach (var start in Vertices(a[1], 1, a[1]))
        {
            Paths(graph, start, [], paths, ctx, ref elements);
        }

        return RegoSet.Create(paths);
    }

    private static void Paths(RegoObject graph, RegoValue node, List<RegoValue> path, HashSet<RegoValue> paths, BuiltinContext ctx, ref long elements)
    {
        ctx.CancellationToken.ThrowIfCancellationRequested();

        // A graph of a few dozen vertices can have astronomically many paths: count what is kept.
        elements += path.Count + 1;
        ctx.Budget.Check(elements * Evaluation.SizeBudget.ElementBytes);
        if (graph.Get(node) is not { } edges)
        {
            if (path.Count > 0)
            {
                paths.Add(RegoArray.Create(path));
            }

            return;
        }

        path.Add(node);
        var next = Vertices(edges, 0, graph);
        if (next.IsEmpty)
        {
            paths.Add(RegoArray.Create(path));
        }

        foreach (var n in next)
        {
            if (path.Contains(n))
            {
                paths.Add(RegoArray.Create(path));
            }
            else
            {
                Paths(graph, n, path, paths, ctx, ref elements);
            }
        }

        path.RemoveAt(path.Count - 1);
    }
}
