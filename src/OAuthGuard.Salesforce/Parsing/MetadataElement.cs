// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using OAuthGuard.Salesforce.Schema;

namespace OAuthGuard.Salesforce.Parsing;

/// <summary>
/// One XML element of a metadata file, with its position, its raw text and the value typed
/// from what Salesforce declares for it. Elements Salesforce does not declare at this place
/// are kept with <see cref="DeclaredKind"/> = <see cref="FieldKind.Unknown"/>.
/// </summary>
public sealed class MetadataElement
{
    internal MetadataElement(string name, string path, int line, int column, FieldKind declaredKind, bool repeatable)
    {
        Name = name;
        Path = path;
        Line = line;
        Column = column;
        DeclaredKind = declaredKind;
        IsRepeatable = repeatable;
    }

    /// <summary>The local name (namespace prefix removed).</summary>
    public string Name { get; }

    /// <summary>The element path: root-relative, '/'-separated, <c>scopes[2]</c> for the second <c>scopes</c>; "" for the root.</summary>
    public string Path { get; }

    /// <summary>1-based line of the element's <c>&lt;</c>.</summary>
    public int Line { get; }

    /// <summary>1-based column of the element's <c>&lt;</c>.</summary>
    public int Column { get; }

    /// <summary>The type Salesforce declares for this element here.</summary>
    public FieldKind DeclaredKind { get; }

    /// <summary>True when Salesforce declares the element as repeatable (always an array in the input document).</summary>
    public bool IsRepeatable { get; }

    /// <summary>Child elements in document order (empty for leaf elements).</summary>
    public IReadOnlyList<MetadataElement> Children { get; internal set; } = [];

    /// <summary>The element's text exactly as written (entities and CDATA resolved, line ends normalised to LF); null when it has child elements.</summary>
    public string? Text { get; internal set; }

    /// <summary>False when the text is not valid for <see cref="DeclaredKind"/>; the raw text is then the value.</summary>
    public bool IsValid { get; internal set; } = true;

    /// <summary>The typed value of a valid boolean element.</summary>
    public bool? BooleanValue { get; internal set; }

    /// <summary>The typed value of a valid integer element.</summary>
    public long? IntegerValue { get; internal set; }

    /// <summary>The typed value of a valid number element.</summary>
    public double? DoubleValue { get; internal set; }

    /// <summary>True when the element has child elements (or is a declared complex type).</summary>
    public bool IsObject => Children.Count > 0 || (DeclaredKind == FieldKind.Complex && IsValid);

    /// <summary>The first child with this local name, if any.</summary>
    public MetadataElement? Element(string name)
    {
        foreach (var child in Children)
        {
            if (string.Equals(child.Name, name, StringComparison.Ordinal))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Every child with this local name, in document order.</summary>
    public IEnumerable<MetadataElement> Elements(string name) =>
        Children.Where(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The descendant at a '/'-separated path of local names (first occurrence at each step).</summary>
    public MetadataElement? Find(string path)
    {
        var current = this;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.Element(segment);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<{Name}> at {Line}:{Column} ({(IsObject ? "object" : Text)})");
}
