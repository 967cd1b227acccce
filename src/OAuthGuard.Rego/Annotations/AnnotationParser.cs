using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Rego.Annotations;

/// <summary>
/// Finds <c># METADATA</c> comment blocks (consecutive column-1 comments whose first line starts with
/// <c>METADATA</c>), parses their YAML into <see cref="Annotation"/> values and attaches each block to the statement
/// after it, with OPA's default scopes and attachment checks.
/// See https://www.openpolicyagent.org/docs/policy-language/#annotations.
/// </summary>
internal static class AnnotationParser
{
    private static readonly FrozenKeys KnownKeys = new(
        "scope", "title", "description", "related_resources", "authors", "organizations", "schemas", "entrypoint", "custom", "compile", "labels");

    /// <summary>Finds the METADATA blocks among a module's comments and attaches each to the statement after it.</summary>
    /// <param name="source">The module source.</param>
    /// <param name="comments">The comments, in order.</param>
    /// <param name="statements">The package, imports and rules, in order.</param>
    /// <param name="diagnostics">Where errors go (code <c>rego_parse_error</c>).</param>
    /// <returns>The blocks, in written order.</returns>
    public static ImmutableArray<AnnotationBlock> ParseBlocks(SourceText source, List<Token> comments, ImmutableArray<Node> statements, List<Diagnostic> diagnostics)
    {
        if (comments.Count == 0)
        {
            return [];
        }

        var text = source.Text;
        var blocks = ImmutableArray.CreateBuilder<AnnotationBlock>();
        var i = 0;
        while (i < comments.Count)
        {
            var c = comments[i];
            if (!IsMetadataHeader(text, c))
            {
                i++;
                continue;
            }

            // Collect the following comments that sit on the very next lines, in column 1.
            var (line, _) = source.GetLineColumn(c.Start);
            var lines = new List<Token>();
            var j = i + 1;
            while (j < comments.Count)
            {
                var (nextLine, nextColumn) = source.GetLineColumn(comments[j].Start);
                if (nextLine != line + 1 || nextColumn != 1)
                {
                    break;
                }

                lines.Add(comments[j]);
                line = nextLine;
                j++;
            }

            blocks.Add(ParseBlock(source, c, lines, statements, diagnostics));
            i = j;
        }

        return blocks.ToImmutable();
    }

    private static bool IsMetadataHeader(string text, Token comment)
    {
        var body = text.AsSpan(comment.Start + 1, comment.Length - 1).Trim();
        return body.StartsWith("METADATA", StringComparison.Ordinal);
    }

    private static AnnotationBlock ParseBlock(SourceText source, Token header, List<Token> lines, ImmutableArray<Node> statements, List<Diagnostic> diagnostics)
    {
        var text = source.Text;
        var yaml = new StringBuilder();
        foreach (var l in lines)
        {
            var content = text.AsSpan(l.Start + 1, l.Length - 1);
            if (content.Length > 0 && content[0] == ' ')
            {
                content = content[1..];
            }

            yaml.Append(content).Append('\n');
        }

        var end = lines.Count > 0 ? lines[^1].Start + lines[^1].Length : header.Start + header.Length;
        var blockSpan = new SourceSpan(source, header.Start, end - header.Start);
        var headerSpan = new SourceSpan(source, header.Start, header.Length);
        var yamlText = yaml.ToString();
        var target = FindTarget(source, header, statements);
        var block = new AnnotationBlock(yamlText, blockSpan, null) { Target = target };
        try
        {
            var package = statements.Length > 0 ? statements[0] as Package : null;
            var annotation = Build(yamlText, headerSpan, lines, source, target, package);
            return block with { Annotation = annotation };
        }
        catch (AnnotationException e)
        {
            diagnostics.Add(Diagnostic.Error(ErrorCodes.ParseError, e.Message, e.Span ?? headerSpan));
            return block;
        }
        catch (YamlException e)
        {
            // A value the YAML conversion rejects (an alias, too deep a nesting).
            diagnostics.Add(Diagnostic.Error(ErrorCodes.ParseError, $"yaml: line {e.Start.Line}: {RegoYaml.Reason(e)}", headerSpan));
            return block;
        }
    }

    private static Node? FindTarget(SourceText source, Token header, ImmutableArray<Node> statements)
    {
        var line = source.GetLineColumn(header.Start).Line;
        foreach (var s in statements)
        {
            if (s.Span.Line > line)
            {
                return s;
            }
        }

        return null;
    }

    private static Annotation Build(string yamlText, SourceSpan location, List<Token> lines, SourceText source, Node? target, Package? package)
    {
        if (string.IsNullOrWhiteSpace(yamlText))
        {
            throw new AnnotationException("expected METADATA block, found whitespace", location);
        }

        YamlNode? root;
        try
        {
            var stream = RegoYaml.Load(yamlText);
            root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException e) when (e.InnerException is ArgumentException a)
        {
            // The representation model reports some structural problems (e.g. repeated keys) this way.
            throw new AnnotationException($"yaml: {FirstLine(a.Message)}", location);
        }
        catch (YamlException e) when (e.InnerException is InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some control characters (NUL in a plain scalar); found by fuzzing.
            throw new AnnotationException("yaml: control characters are not allowed", location);
        }
        catch (YamlException e)
        {
            var lineIndex = (int)Math.Max(0, e.Start.Line - 1);
            var span = lineIndex < lines.Count ? new SourceSpan(source, lines[lineIndex].Start, lines[lineIndex].Length) : location;
            throw new AnnotationException($"yaml: line {e.Start.Line}: {FirstLine(e.Message)}", span);
        }

        if (root is not YamlMappingNode map)
        {
            throw new AnnotationException("yaml: METADATA block must be a mapping of keys to values", location);
        }

        string? scope = null;
        string? title = null;
        string? description = null;
        var entrypoint = false;
        var organizations = ImmutableArray<string>.Empty;
        var related = ImmutableArray.CreateBuilder<RelatedResource>();
        var authors = ImmutableArray.CreateBuilder<Author>();
        var schemas = ImmutableArray.CreateBuilder<SchemaAnnotation>();
        RegoObject? custom = null;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!KnownKeys.Contains(key))
            {
                throw new AnnotationException($"invalid METADATA key '{key}': use one of scope, title, description, related_resources, authors, organizations, schemas, entrypoint, custom", location);
            }

            switch (key)
            {
                case "scope":
                    scope = ScalarString(valueNode, key, location);
                    break;
                case "title":
                    title = ScalarString(valueNode, key, location);
                    break;
                case "description":
                    description = ScalarString(valueNode, key, location);
                    break;
                case "entrypoint":
                    entrypoint = RegoYaml.FromNode(valueNode) is RegoBoolean { Value: true };
                    break;
                case "organizations":
                    organizations = [.. Sequence(valueNode, key, location).Select(n => ScalarString(n, key, location) ?? string.Empty)];
                    break;
                case "related_resources":
                    foreach (var n in Sequence(valueNode, key, location))
                    {
                        related.Add(ParseRelatedResource(n, location));
                    }

                    break;
                case "authors":
                    foreach (var n in Sequence(valueNode, key, location))
                    {
                        authors.Add(ParseAuthor(n, location));
                    }

                    break;
                case "schemas":
                    foreach (var n in Sequence(valueNode, key, location))
                    {
                        schemas.Add(ParseSchema(n, location));
                    }

                    break;
                case "custom":
                    custom = RegoYaml.FromNode(valueNode) switch
                    {
                        RegoObject o => o,
                        RegoNull => null,
                        _ => throw new AnnotationException("invalid custom annotation: must be a map", location),
                    };
                    break;
            }
        }

        scope ??= target switch
        {
            Rule => entrypoint ? AnnotationScopes.Document : AnnotationScopes.Rule,
            Package => AnnotationScopes.Package,
            Import => "import",
            _ => null,
        };
        ValidateScope(scope, target, entrypoint, location);
        var annotation = new Annotation
        {
            Scope = scope ?? string.Empty,
            Title = title,
            Description = description,
            Entrypoint = entrypoint,
            Organizations = organizations,
            RelatedResources = related.ToImmutable(),
            Authors = authors.ToImmutable(),
            Schemas = schemas.ToImmutable(),
            Custom = custom,
            Location = location,
            Path = TargetPath(target, package),
        };
        return annotation with { Value = AnnotationValues.ToObject(annotation) };
    }

    private static void ValidateScope(string? scope, Node? target, bool entrypoint, SourceSpan location)
    {
        var have = target switch
        {
            Rule => " (have rule)",
            Package => " (have package)",
            Import => " (have import)",
            _ => string.Empty,
        };
        switch (scope)
        {
            case AnnotationScopes.Rule or AnnotationScopes.Document:
                if (target is not Rule)
                {
                    throw new AnnotationException($"annotation scope '{scope}' must be applied to rule{have}", location);
                }

                break;
            case AnnotationScopes.Package or AnnotationScopes.Subpackages:
                if (target is not Package)
                {
                    throw new AnnotationException($"annotation scope '{scope}' must be applied to package{have}", location);
                }

                break;
            default:
                throw new AnnotationException($"invalid annotation scope '{scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'", location);
        }

        if (entrypoint && scope is not (AnnotationScopes.Document or AnnotationScopes.Package))
        {
            throw new AnnotationException($"annotation entrypoint applied to non-document or package scope '{scope}'", location);
        }
    }

    /// <summary>
    /// The annotated document path: the package path (<c>data.a.b</c>), or for a rule the package path followed by
    /// the ground prefix of the rule's head (<c>data.a.b.p</c>, <c>data.a.b.q.r</c> for <c>q.r[x] := …</c>).
    /// </summary>
    private static string TargetPath(Node? target, Package? package)
    {
        switch (target)
        {
            case Package p:
                return AstPrinter.Print(p.Path);
            case Rule r:
                var sb = new StringBuilder();
                if (package is not null)
                {
                    sb.Append(AstPrinter.Print(package.Path)).Append('.');
                }

                if (r.Head.Head is VarTerm v)
                {
                    sb.Append(v.Name);
                }

                foreach (var part in r.Head.Path)
                {
                    if (part is not ScalarTerm s)
                    {
                        break;
                    }

                    if (s.Value is RegoString str)
                    {
                        sb.Append('.').Append(str.Value);
                    }
                    else
                    {
                        sb.Append('[').Append(s.Value.ToString()).Append(']');
                    }
                }

                return sb.ToString();
            default:
                return string.Empty;
        }
    }

    private static RelatedResource ParseRelatedResource(YamlNode node, SourceSpan location)
    {
        switch (node)
        {
            case YamlScalarNode s when !string.IsNullOrEmpty(s.Value):
                return new RelatedResource(s.Value.Trim(), null);
            case YamlMappingNode m:
                var reference = MapString(m, "ref")?.Trim();
                var description = MapString(m, "description")?.Trim();
                if (string.IsNullOrEmpty(reference))
                {
                    throw new AnnotationException($"invalid related-resource definition {RegoYaml.FromNode(m)}: 'ref' value required in object", location);
                }

                return new RelatedResource(reference, string.IsNullOrEmpty(description) ? null : description);
            case YamlScalarNode:
                throw new AnnotationException("invalid related-resource definition: ref URL may not be empty string", location);
            default:
                throw new AnnotationException("invalid related-resource definition: invalid value type, must be string or map", location);
        }
    }

    private static Author ParseAuthor(YamlNode node, SourceSpan location)
    {
        switch (node)
        {
            case YamlScalarNode s:
                var parts = (s.Value ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0)
                {
                    throw new AnnotationException("invalid author definition: author is an empty string", location);
                }

                string? email = null;
                var nameParts = parts.Length;
                var last = parts[^1];
                if (last.Length >= 2 && last[0] == '<' && last[^1] == '>')
                {
                    email = last[1..^1];
                    nameParts--;
                }

                var name = string.Join(' ', parts, 0, nameParts);
                return new Author(name.Length == 0 ? null : name, email);
            case YamlMappingNode m:
                var n = MapString(m, "name")?.Trim();
                var e = MapString(m, "email")?.Trim();
                if (string.IsNullOrEmpty(n) && string.IsNullOrEmpty(e))
                {
                    throw new AnnotationException("invalid author definition: 'name' and/or 'email' values required in object", location);
                }

                return new Author(string.IsNullOrEmpty(n) ? null : n, string.IsNullOrEmpty(e) ? null : e);
            default:
                throw new AnnotationException("invalid author definition: invalid value type, must be string or map", location);
        }
    }

    private static SchemaAnnotation ParseSchema(YamlNode node, SourceSpan location)
    {
        if (node is not YamlMappingNode m || m.Children.Count != 1)
        {
            throw new AnnotationException("invalid schema declaration: expected a map with one path", location);
        }

        var (keyNode, valueNode) = m.Children.First();
        var path = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
        if (!IsRefText(path))
        {
            throw new AnnotationException("invalid document reference", location);
        }

        return valueNode switch
        {
            YamlScalarNode s when s.Value is { } r && (r == "schema" || r.StartsWith("schema.", StringComparison.Ordinal) || r.StartsWith("schema[", StringComparison.Ordinal)) && IsRefText(r)
                => new SchemaAnnotation(path, r, null),
            YamlScalarNode => throw new AnnotationException("invalid schema reference", location),
            YamlMappingNode def => new SchemaAnnotation(path, null, RegoYaml.FromNode(def)),
            _ => throw new AnnotationException($"invalid schema declaration for path \"{path}\"", location),
        };
    }

    private static bool IsRefText(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '[' or ']' or '"');

    private static string? MapString(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static string? ScalarString(YamlNode node, string key, SourceSpan location) => node switch
    {
        YamlScalarNode s => s.Value,
        _ => throw new AnnotationException($"invalid METADATA value for '{key}': expected a string", location),
    };

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string key, SourceSpan location) => node switch
    {
        YamlSequenceNode s => s.Children,
        YamlScalarNode { Value: null or "" } => [],
        _ => throw new AnnotationException($"invalid METADATA value for '{key}': expected a list", location),
    };

    private static string FirstLine(string message)
    {
        var i = message.IndexOf('\n', StringComparison.Ordinal);
        return (i < 0 ? message : message[..i]).Trim();
    }

    /// <summary>A small read-only set of strings.</summary>
    private sealed class FrozenKeys(params string[] keys)
    {
        private readonly HashSet<string> _keys = new(keys, StringComparer.Ordinal);

        public bool Contains(string key) => _keys.Contains(key);
    }
}

/// <summary>An invalid METADATA block; becomes one <c>rego_parse_error</c>.</summary>
internal sealed class AnnotationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AnnotationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="span">Where.</param>
    public AnnotationException(string message, SourceSpan? span)
        : base(message) => Span = span;

    /// <summary>Initializes a new instance of the <see cref="AnnotationException"/> class.</summary>
    public AnnotationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnnotationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public AnnotationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnnotationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AnnotationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets where the problem is.</summary>
    public SourceSpan? Span { get; }
}
