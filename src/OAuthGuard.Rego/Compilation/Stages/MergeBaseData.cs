using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>Merges the added base documents into one <c>data</c> object (nested objects merge; other clashes are errors).</summary>
internal sealed class MergeBaseData : ICompilerStage
{
    public string Name => "MergeBaseData";

    public void Run(CompilationContext context)
    {
        RegoObject merged = RegoObject.Empty;
        foreach (var doc in context.Data)
        {
            if (doc is not RegoObject obj)
            {
                context.Error(ErrorCodes.CompileError, $"data must be an object but got {doc.TypeName}", null);
                continue;
            }

            var result = Merge(merged, obj);
            if (result is null)
            {
                context.Error(ErrorCodes.CompileError, "conflicting base documents: the same path has two different values", null);
                continue;
            }

            merged = result;
        }

        context.BaseData = merged;
    }

    /// <summary>Deep-merges two objects; null when a non-object value clashes with a different one.</summary>
    public static RegoObject? Merge(RegoObject a, RegoObject b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        var map = a.ToDictionary();
        foreach (var (k, v) in b)
        {
            if (map.TryGetValue(k, out var existing))
            {
                if (existing is RegoObject eo && v is RegoObject vo)
                {
                    var m = Merge(eo, vo);
                    if (m is null)
                    {
                        return null;
                    }

                    map[k] = m;
                }
                else if (!existing.Equals(v))
                {
                    return null;
                }
            }
            else
            {
                map[k] = v;
            }
        }

        return RegoObject.Wrap(map);
    }
}
