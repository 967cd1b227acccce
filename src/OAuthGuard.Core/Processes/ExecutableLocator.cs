namespace OAuthGuard.Processes;

/// <summary>
/// Finds the external programs OAuthGuard runs (<c>opa</c>, <c>git</c>) the way a hostile checkout cannot influence:
/// a bare name is looked up only in the absolute directories of PATH, never in the current folder, never in a
/// relative PATH entry (an empty entry or <c>.</c> means the current folder to a shell), and never inside the
/// folders being scanned. The result is an absolute path, so starting it involves no further lookup.
/// </summary>
public static class ExecutableLocator
{
    /// <summary>Resolves <paramref name="executable"/> to the absolute path of a program that may be run.</summary>
    /// <param name="executable">
    /// A bare name such as <c>opa</c>, looked up on <paramref name="pathVariable"/>; or a path the user chose
    /// explicitly (it contains a directory separator), resolved against the current folder.
    /// </param>
    /// <param name="pathVariable">The PATH variable to search.</param>
    /// <param name="untrustedFolders">Folders whose content is not trusted (the scanned repository): a PATH entry
    /// inside one of them is skipped. The current folder is always skipped.</param>
    /// <returns>The absolute path, or null when no acceptable program is found.</returns>
    public static string? Find(string executable, string? pathVariable, IEnumerable<string>? untrustedFolders = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
            executable.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            var explicitPath = Path.GetFullPath(executable);
            return IsRunnableFile(explicitPath) ? explicitPath : null;
        }

        var skipped = new List<string> { Normalize(Directory.GetCurrentDirectory()) };
        foreach (var folder in untrustedFolders ?? [])
        {
            skipped.Add(Normalize(Path.GetFullPath(folder)));
        }

        foreach (var entry in (pathVariable ?? string.Empty).Split(Path.PathSeparator))
        {
            if (entry.Length == 0 || !Path.IsPathFullyQualified(entry))
            {
                continue;
            }

            var dir = Normalize(Path.GetFullPath(entry));
            if (skipped.Exists(root => IsSameOrInside(dir, root)))
            {
                continue;
            }

            foreach (var candidate in Candidates(dir, executable))
            {
                if (IsRunnableFile(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string dir, string name)
    {
        yield return Path.Combine(dir, name);
        if (OperatingSystem.IsWindows() && !Path.HasExtension(name))
        {
            foreach (var ext in (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return Path.Combine(dir, name + ext);
            }
        }
    }

    private static bool IsRunnableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(path);

    private static bool IsSameOrInside(string dir, string root)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return dir.Equals(root, comparison) ||
               (dir.StartsWith(root, comparison) && dir.Length > root.Length && (dir[root.Length] == Path.DirectorySeparatorChar || dir[root.Length] == Path.AltDirectorySeparatorChar));
    }
}
