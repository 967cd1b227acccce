// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;

namespace OAuthGuard.Salesforce.Diagnostics;

/// <summary>How serious a <see cref="MetadataDiagnostic"/> is; maps to SARIF levels of the same names.</summary>
public enum DiagnosticLevel
{
    /// <summary>The file (or part of it) could not be read; its settings are missing from the input document.</summary>
    Error,

    /// <summary>The file was read, but something in it is not what Salesforce accepts (a value, a duplicate, an orphan part).</summary>
    Warning,

    /// <summary>Information only, such as a file skipped because .forceignore lists it.</summary>
    Note,
}

/// <summary>
/// One problem found while discovering or reading metadata, placed at a file position.
/// <see cref="ToString"/> gives <c>file:line:col: level code: message</c>, the format the CLI prints.
/// </summary>
/// <param name="Code">A stable machine-readable code from <see cref="DiagnosticCodes"/>.</param>
/// <param name="Level">Error, warning or note.</param>
/// <param name="Message">One English sentence for people.</param>
/// <param name="File">Repository-relative path with forward slashes ("" for the repository itself).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record MetadataDiagnostic(string Code, DiagnosticLevel Level, string Message, string File, int Line = 1, int Column = 1)
{
    /// <summary>The level as lower-case text (<c>error</c>, <c>warning</c>, <c>note</c>).</summary>
    public string LevelText => Level switch
    {
        DiagnosticLevel.Error => "error",
        DiagnosticLevel.Warning => "warning",
        _ => "note",
    };

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(File.Length == 0 ? "." : File)}:{Line}:{Column}: {LevelText} {Code}: {Message}");
}

/// <summary>The codes a <see cref="MetadataDiagnostic"/> can carry.</summary>
public static class DiagnosticCodes
{
    /// <summary>The XML is malformed, truncated, not text, or declares a DTD.</summary>
    public const string XmlParseError = "xml_parse_error";

    /// <summary>An element's text is not valid for the type Salesforce declares (e.g. <c>yes</c> for a boolean).</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>A metadata file is larger than <see cref="MetadataLoadOptions.MaxFileBytes"/> and was not read.</summary>
    public const string FileTooLarge = "file_too_large";

    /// <summary>An element's text is longer than <see cref="MetadataLoadOptions.MaxElementTextChars"/>; it is left out.</summary>
    public const string TextTooLong = "text_too_long";

    /// <summary>A file holds more than <see cref="MetadataLoadOptions.MaxCommentsPerFile"/> comments; the rest are ignored.</summary>
    public const string TooManyComments = "too_many_comments";

    /// <summary>A file or directory could not be opened (permissions, dangling link, I/O error).</summary>
    public const string UnreadableFile = "unreadable_file";

    /// <summary>A symbolic link points back to one of its own ancestor directories.</summary>
    public const string SymlinkLoop = "symlink_loop";

    /// <summary>A symbolic link points outside the repository; it is not followed.</summary>
    public const string SymlinkOutsideRoot = "symlink_outside_root";

    /// <summary>An External Client App part names a parent whose <c>.eca</c> file is not in the repository.</summary>
    public const string OrphanChild = "orphan_child";

    /// <summary>The same component appears twice (e.g. in source and metadata-API format); one copy is used.</summary>
    public const string DuplicateComponent = "duplicate_component";

    /// <summary>The root element is not the one the file suffix promises.</summary>
    public const string UnexpectedRoot = "unexpected_root";

    /// <summary>A metadata file matched a .forceignore pattern and was skipped.</summary>
    public const string Ignored = "ignored_by_forceignore";

    /// <summary>sfdx-project.json or .forceignore could not be understood.</summary>
    public const string ProjectFileError = "project_file_error";

    /// <summary>A file holds something labelled as a private key that could not be read (so it cannot be matched to a certificate).</summary>
    public const string UnreadableKey = "unreadable_key";

    /// <summary>The private-key search examined its maximum number of files and stopped.</summary>
    public const string KeySearchLimit = "key_search_limit";
}
