namespace OAuthGuard.Engines.Opa;

/// <summary>
/// Builds the argument lists for the OPA commands OAuthGuard uses. Each element is passed to the process as one
/// argument, never through a shell.
/// </summary>
internal static class OpaArguments
{
    /// <summary><c>opa version</c>.</summary>
    public static IReadOnlyList<string> Version() => ["version"];

    /// <summary>
    /// <c>opa eval --format json --stdin-input -d FILE… QUERY</c>: the input arrives on standard input, the policies
    /// and data as files. <c>--v1-compatible</c> is not passed: OPA 1.x parses Rego v1 by default.
    /// </summary>
    /// <param name="dataPaths">Policy and data files or folders.</param>
    /// <param name="query">The query.</param>
    /// <param name="withInput">Whether the input is piped on standard input.</param>
    /// <returns>The arguments.</returns>
    /// <param name="capabilities">A capabilities file to pass, or null.</param>
    public static IReadOnlyList<string> Eval(IReadOnlyList<string> dataPaths, string query, bool withInput, string? capabilities = null)
    {
        var args = new List<string> { "eval", "--format", "json" };
        if (withInput)
        {
            args.Add("--stdin-input");
        }

        foreach (var path in dataPaths)
        {
            args.Add("--data");
            args.Add(path);
        }

        AddCapabilities(args, capabilities);

        // "--" ends the options, so a query can never be mistaken for a flag.
        args.Add("--");
        args.Add(query);
        return args;
    }

    /// <summary><c>opa check --format json PATH…</c>: parse and compile only.</summary>
    /// <param name="paths">Policy files.</param>
    /// <returns>The arguments.</returns>
    /// <param name="capabilities">A capabilities file to pass, or null.</param>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> paths, string? capabilities = null)
    {
        var args = new List<string> { "check", "--format", "json" };
        AddCapabilities(args, capabilities);
        args.Add("--");
        args.AddRange(paths);
        return args;
    }

    /// <summary><c>opa test --format json [--run REGEX] PATH…</c>.</summary>
    /// <param name="paths">Policy, test and data files or folders.</param>
    /// <param name="runPattern">Only run tests whose name matches, when given.</param>
    /// <returns>The arguments.</returns>
    /// <param name="capabilities">A capabilities file to pass, or null.</param>
    public static IReadOnlyList<string> Test(IReadOnlyList<string> paths, string? runPattern, string? capabilities = null)
    {
        var args = new List<string> { "test", "--format", "json" };
        if (!string.IsNullOrEmpty(runPattern))
        {
            args.Add("--run");
            args.Add(runPattern);
        }

        AddCapabilities(args, capabilities);
        args.Add("--");
        args.AddRange(paths);
        return args;
    }

    private static void AddCapabilities(List<string> args, string? capabilities)
    {
        if (capabilities is not null)
        {
            args.Add("--capabilities");
            args.Add(capabilities);
        }
    }
}
