// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OAuthGuard.Findings;

namespace OAuthGuard.GitHub.Actions;

/// <summary>
/// Writes step outputs in the <c>GITHUB_OUTPUT</c> file format: <c>name=value</c> for one line,
/// <c>name&lt;&lt;DELIMITER</c> … <c>DELIMITER</c> for several, with a random delimiter that cannot
/// occur in the value (the deprecated <c>::set-output</c> command is never used).
/// </summary>
internal sealed class OutputsWriter
{
    private readonly Func<string> _newDelimiter;

    /// <summary>Creates a writer; <paramref name="newDelimiter"/> replaces the random source in golden tests.</summary>
    public OutputsWriter(Func<string>? newDelimiter = null)
    {
        _newDelimiter = newDelimiter ?? (() => "ghadelimiter_" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>The outputs the action declares, computed from a scan.</summary>
    public static ImmutableArray<KeyValuePair<string, string>> Outputs(ScanResult result, string sarifFile)
    {
        ArgumentNullException.ThrowIfNull(result);
        var active = result.Findings.Where(f => !f.IsSuppressed).ToList();
        var outputs = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var severity in SeverityText.Descending)
        {
            outputs.Add(new(SeverityText.Name(severity), active.Count(f => f.Severity == severity).ToString(CultureInfo.InvariantCulture)));
        }

        outputs.Add(new("total", active.Count.ToString(CultureInfo.InvariantCulture)));
        outputs.Add(new("suppressed", (result.Findings.Length - active.Count).ToString(CultureInfo.InvariantCulture)));
        outputs.Add(new("sarif-file", sarifFile));
        return outputs.ToImmutable();
    }

    /// <summary>Formats outputs as the text appended to the <c>GITHUB_OUTPUT</c> file.</summary>
    public string Format(IEnumerable<KeyValuePair<string, string>> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                var delimiter = _newDelimiter();
                for (var attempt = 0; value.Contains(delimiter, StringComparison.Ordinal) || name.Contains(delimiter, StringComparison.Ordinal); attempt++)
                {
                    if (attempt > 10)
                    {
                        throw new InvalidOperationException("could not find an output delimiter that does not occur in the value");
                    }

                    delimiter = _newDelimiter();
                }

                text.Append(name).Append("<<").Append(delimiter).Append('\n')
                    .Append(value).Append('\n')
                    .Append(delimiter).Append('\n');
            }
            else
            {
                text.Append(name).Append('=').Append(value).Append('\n');
            }
        }

        return text.ToString();
    }
}
