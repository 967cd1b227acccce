using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Findings;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Engines.Opa;

/// <summary>
/// The <c>opa</c> engine: the same policies, judged by the Open Policy Agent CLI as a child process. Policies are
/// written to a private temporary folder for each call (so nothing leaks between scans) and OPA's errors are mapped
/// back to the policies' own paths. Rule metadata is read from the same <c># METADATA</c> blocks by the same
/// reader as the embedded engine, so findings are identical whichever engine produced them.
/// </summary>
public sealed class OpaEngine : IPolicyEngine
{
    /// <summary>The name used with <c>--engine</c>.</summary>
    public const string EngineName = "opa";

    private const string RulesQuery = "data." + RuleOutput.RulesPackage;

    private readonly OpaCli _cli;
    private readonly Func<IReadOnlyList<PolicySource>, (ImmutableArray<RuleAnnotation> Annotations, ImmutableArray<ToolNotification> Diagnostics)> _readAnnotations;
    private string _version = "(not yet run)";

    /// <summary>Initializes a new instance of the <see cref="OpaEngine"/> class.</summary>
    /// <param name="options">Where <c>opa</c> is and the limits of each call.</param>
    /// <param name="readAnnotations">Reads package METADATA blocks from the policy sources.</param>
    public OpaEngine(
        OpaOptions options,
        Func<IReadOnlyList<PolicySource>, (ImmutableArray<RuleAnnotation> Annotations, ImmutableArray<ToolNotification> Diagnostics)> readAnnotations)
    {
        _cli = new OpaCli(options);
        _readAnnotations = readAnnotations;
    }

    /// <inheritdoc/>
    public string Name => EngineName;

    /// <inheritdoc/>
    public string Version => _version;

    /// <inheritdoc/>
    public async ValueTask<PolicyCompilation> CompileAsync(IReadOnlyList<PolicySource> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var version = await _cli.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        _version = version.Text;

        var (annotations, annotationDiagnostics) = _readAnnotations(sources);
        if (annotationDiagnostics.Any(d => d.Level == "error"))
        {
            return new PolicyCompilation(null, annotations, annotationDiagnostics);
        }

        using var workspace = PolicyWorkspace.Create(sources);
        try
        {
            await _cli.CheckAsync(workspace.Files, cancellationToken).ConfigureAwait(false);
        }
        catch (OpaException ex) when (ex.Failure == OpaFailure.PolicyErrors)
        {
            return new PolicyCompilation(null, annotations, [.. ex.Errors.Select(workspace.ToNotification)]);
        }

        return new PolicyCompilation(new Prepared(_cli, [.. sources]), annotations, annotationDiagnostics);
    }

    private sealed class Prepared(OpaCli cli, ImmutableArray<PolicySource> sources) : IPreparedPolicies
    {
        public async ValueTask<EngineEvaluation> EvaluateAsync(JsonObject input, CancellationToken cancellationToken)
        {
            using var workspace = PolicyWorkspace.Create(sources);
            try
            {
                var value = await cli.EvalAsync(workspace.Files, RulesQuery, RegoJson.FromNode(input), cancellationToken).ConfigureAwait(false);
                var findings = value is null ? [] : RuleOutput.Collect(RegoJson.ToNode(value));
                return new EngineEvaluation(findings, []);
            }
            catch (OpaException ex) when (ex.Failure == OpaFailure.PolicyErrors)
            {
                return new EngineEvaluation([], [.. ex.Errors.Select(workspace.ToNotification)]);
            }
        }
    }
}

/// <summary>
/// A temporary folder holding one copy of each policy, named so that OPA's error locations can be mapped back to the
/// policy's own path. Deleted on dispose.
/// </summary>
internal sealed class PolicyWorkspace : IDisposable
{
    private readonly string _root;
    private readonly Dictionary<string, string> _originalPaths;

    private PolicyWorkspace(string root, ImmutableArray<string> files, Dictionary<string, string> originalPaths)
    {
        _root = root;
        Files = files;
        _originalPaths = originalPaths;
    }

    /// <summary>Gets the absolute paths of the written policy files, in source order.</summary>
    public ImmutableArray<string> Files { get; }

    public static PolicyWorkspace Create(IReadOnlyList<PolicySource> sources)
    {
        var root = Path.Combine(Path.GetTempPath(), "oauthguard-opa-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var files = ImmutableArray.CreateBuilder<string>(sources.Count);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < sources.Count; i++)
        {
            // One folder per module keeps file names readable in OPA's messages and avoids collisions.
            var dir = Path.Combine(root, i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            var name = Path.GetFileName(sources[i].Path);
            var file = Path.Combine(dir, string.IsNullOrEmpty(name) ? "policy.rego" : name);
            File.WriteAllText(file, sources[i].Text);
            files.Add(file);
            map[file] = sources[i].Path;
        }

        return new PolicyWorkspace(root, files.ToImmutable(), map);
    }

    /// <summary>Turns an OPA error into a notification that names the policy's own path.</summary>
    public ToolNotification ToNotification(OpaError error)
    {
        var file = error.File is null ? null : _originalPaths.GetValueOrDefault(error.File, error.File);
        return new ToolNotification(error.Code, "error", error.Message, file, error.Row, error.Column);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the scan's result is not affected.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
