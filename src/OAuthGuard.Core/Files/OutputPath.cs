using System.Text;

namespace OAuthGuard.Files;

/// <summary>
/// The one place where OAuthGuard decides where a report file may be written. A path is resolved against a base folder
/// (the workspace for the action, the current folder for the CLI); when confined, a result outside the base is refused.
/// An existing symbolic link is never written through: a link as the file itself, or (when confined) as any folder
/// between the base and the file, is refused with a message, and the file is always created anew
/// (<see cref="FileMode.CreateNew"/>, which does not follow a link planted after the check).
/// </summary>
public static class OutputPath
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Resolves <paramref name="path"/> against <paramref name="baseDirectory"/> and checks it may be written.</summary>
    /// <param name="baseDirectory">The workspace (action) or the current folder (CLI).</param>
    /// <param name="path">A relative or absolute path as the user gave it.</param>
    /// <param name="confine">True to refuse a path outside <paramref name="baseDirectory"/> (the action).</param>
    /// <returns>The full path.</returns>
    /// <exception cref="OutputPathException">The path is outside the base, or a symbolic link is in the way.</exception>
    public static string Resolve(string baseDirectory, string path, bool confine)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        var full = Path.GetFullPath(path, root);
        if (confine && !IsInside(full, root))
        {
            throw new OutputPathException($"'{path}' resolves to {full}, outside the workspace {root}; output files must be inside the workspace");
        }

        if (confine)
        {
            // Every existing folder between the workspace and the file: a committed link could lead anywhere.
            var relative = Path.GetRelativePath(root, full);
            var current = root;
            foreach (var part in relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[..^1])
            {
                current = Path.Combine(current, part);
                if (IsLink(current))
                {
                    throw new OutputPathException($"'{path}': {current} is a symbolic link; OAuthGuard never writes through links");
                }
            }
        }

        if (IsLink(full))
        {
            throw new OutputPathException($"'{path}': {full} is a symbolic link; OAuthGuard never writes through links (remove it or choose another file)");
        }

        if (Directory.Exists(full))
        {
            throw new OutputPathException($"'{path}': {full} is a folder, not a file");
        }

        return full;
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to a path from <see cref="Resolve"/>: a new file replaces an existing one.</summary>
    /// <param name="fullPath">The resolved path.</param>
    /// <param name="text">The content.</param>
    /// <exception cref="OutputPathException">A link appeared at the path.</exception>
    public static void WriteAllText(string fullPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var stream = CreateNew(fullPath);
        var bytes = Utf8.GetBytes(text);
        stream.Write(bytes);
    }

    /// <summary>Appends UTF-8 text to a file the runner owns (<c>GITHUB_OUTPUT</c>, <c>GITHUB_STEP_SUMMARY</c>), never through a link.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="text">The text.</param>
    /// <exception cref="OutputPathException">The path is a symbolic link.</exception>
    public static void AppendAllText(string fullPath, string text)
    {
        if (IsLink(fullPath))
        {
            throw new OutputPathException($"{fullPath} is a symbolic link; OAuthGuard never writes through links");
        }

        File.AppendAllText(fullPath, text, Utf8);
    }

    private static FileStream CreateNew(string fullPath)
    {
        if (Path.GetDirectoryName(fullPath) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        if (IsLink(fullPath))
        {
            throw new OutputPathException($"{fullPath} is a symbolic link; OAuthGuard never writes through links");
        }

        if (File.Exists(fullPath))
        {
            File.Delete(fullPath);
        }

        // NOTE: CreateNew is O_CREAT|O_EXCL: it fails on any existing entry, a link included, and never follows one.
        return new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
    }

    private static bool IsLink(string path)
    {
        try
        {
            // LinkTarget reads the link itself (readlink), so a dangling link counts too; null for anything else.
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsInside(string full, string root)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return full.Equals(root, comparison) ||
               (full.StartsWith(root, comparison) && full.Length > root.Length && (full[root.Length] == Path.DirectorySeparatorChar || full[root.Length] == Path.AltDirectorySeparatorChar));
    }
}

/// <summary>An output path that OAuthGuard refuses to write: outside the workspace, or a symbolic link.</summary>
public sealed class OutputPathException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="OutputPathException"/> class.</summary>
    public OutputPathException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OutputPathException"/> class.</summary>
    /// <param name="message">What was refused and why.</param>
    public OutputPathException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OutputPathException"/> class.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public OutputPathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
