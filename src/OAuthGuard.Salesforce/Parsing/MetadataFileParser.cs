// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Xml;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Model;
using OAuthGuard.Salesforce.Schema;

namespace OAuthGuard.Salesforce.Parsing;

/// <summary>
/// Reads one metadata file with a forward-only <see cref="XmlReader"/> straight into
/// <see cref="MetadataElement"/>s: no DOM is built and thrown away, DTDs are refused and no
/// external resource is ever resolved. Elements are matched by local name, so any namespace
/// or prefix works. Values are typed from the WSDL tables in <see cref="Schema"/>.
/// </summary>
internal static class MetadataFileParser
{
    /// <summary>Nesting deeper than this is refused: real metadata is at most four levels deep.</summary>
    private const int MaxDepth = 128;

    /// <summary>Longer element names are refused: Salesforce's longest are about 40 characters.</summary>
    private const int MaxNameLength = 256;

    /// <summary>Reader settings for one load; sharing a name table across files interns element names once.</summary>
    internal static XmlReaderSettings CreateSettings(XmlNameTable? names = null) => new()
    {
        NameTable = names,
        // NOTE: Prohibit makes a DOCTYPE a parse error, so entity expansion (billion laughs) and
        // external entities (XXE) cannot happen; XmlResolver = null is a second lock on the same door.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = false,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CheckCharacters = true,
        CloseInput = false,
    };

    /// <summary>Parses <paramref name="stream"/> into <paramref name="file"/>; problems go to <paramref name="diagnostics"/>, positions to <paramref name="positions"/>.</summary>
    public static void Parse(Stream stream, MetadataFile file, List<MetadataDiagnostic> diagnostics, PositionIndex positions, XmlReaderSettings? settings = null, MetadataLoadOptions? limits = null)
    {
        settings ??= CreateSettings();
        var state = new ParseState(file, diagnostics, positions, limits ?? MetadataLoadOptions.Default);
        XmlReader? reader = null;
        try
        {
            reader = XmlReader.Create(stream, settings);
            state.Run(reader);
        }
        catch (XmlException ex)
        {
            // Some errors (a refused DTD) carry no position; the reader still knows where it stopped.
            var (line, column) = ex.LineNumber > 0 ? (ex.LineNumber, ex.LinePosition) : FindDoctype(stream);
            state.Fail(DiagnosticCodes.XmlParseError, DescribeXmlError(ex), line, column);
        }
        catch (DecoderFallbackException ex)
        {
            state.Fail(DiagnosticCodes.XmlParseError, "the file is not valid text in its declared encoding: " + ex.Message, 1, 1);
        }
        catch (IOException ex)
        {
            state.Fail(DiagnosticCodes.UnreadableFile, "the file could not be read: " + ex.Message, 1, 1);
        }
        catch (UnauthorizedAccessException ex)
        {
            state.Fail(DiagnosticCodes.UnreadableFile, "the file could not be read: " + ex.Message, 1, 1);
        }
        finally
        {
            reader?.Dispose();
        }
    }

    /// <summary>A refused DTD carries no position: find the <c>&lt;!DOCTYPE</c> in the first 64 KiB to point at it.</summary>
    private static (int Line, int Column) FindDoctype(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return (1, 1);
        }

        stream.Position = 0;
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        var at = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (at < 0)
        {
            return (1, 1);
        }

        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return (1 + text.AsSpan(0, at).Count('\n'), at - (at == 0 ? 0 : lineStart) + 1);
    }

    private static string DescribeXmlError(XmlException ex)
    {
        var message = ex.Message;
        if (message.Contains("DTD", StringComparison.Ordinal))
        {
            return "DOCTYPE declarations are not allowed in metadata files (DTDs and entities are never processed)";
        }

        // XmlException appends " Line n, position m." which the diagnostic already carries.
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return "malformed XML: " + (at > 0 ? message[..at] : message).TrimEnd('.', ' ');
    }

    private sealed class Frame(string name, string path, int line, int column, FieldSpec? spec, ComplexTypeSpec? childTypes, int occurrence)
    {
        public string Name { get; } = name;

        public string Path { get; } = path;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public FieldSpec? Spec { get; } = spec;

        public ComplexTypeSpec? ChildTypes { get; } = childTypes;

        public int Occurrence { get; } = occurrence;

        public List<MetadataElement>? Children { get; set; }

        public Dictionary<string, int>? Counts { get; set; }

        /// <summary>Gets the element's text so far: one node's string, or a builder once a second node arrives.</summary>
        public string? Text => _textBuilder?.ToString() ?? _firstText;

        /// <summary>Gets a value indicating whether the text went over the cap (and was dropped).</summary>
        public bool TextTooLong { get; private set; }

        public List<CommentDraft>? PendingComments { get; set; }

        private string? _firstText;
        private StringBuilder? _textBuilder;
        private int _textLength;

        /// <summary>
        /// Appends one text node. NOTE: text split by comments or CDATA arrives as many nodes; concatenating strings
        /// node by node is quadratic (600,000 comments in one label took nearly a minute), so a builder takes over.
        /// </summary>
        public void AppendText(string value, int cap)
        {
            if (TextTooLong)
            {
                return;
            }

            if ((long)_textLength + value.Length > cap)
            {
                TextTooLong = true;
                _firstText = null;
                _textBuilder = null;
                return;
            }

            _textLength += value.Length;
            if (_textBuilder is not null)
            {
                _textBuilder.Append(value);
            }
            else if (_firstText is null)
            {
                _firstText = value;
            }
            else
            {
                _textBuilder = new StringBuilder(_firstText, Math.Max(16, 2 * _textLength)).Append(value);
                _firstText = null;
            }
        }
    }

    private sealed class CommentDraft(string text, int line, int column, string? enclosing)
    {
        public string Text { get; } = text;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public string? Enclosing { get; } = enclosing;

        public string? Following { get; set; }
    }

    private sealed class ParseState(MetadataFile file, List<MetadataDiagnostic> diagnostics, PositionIndex positions, MetadataLoadOptions limits)
    {
        private readonly Stack<Frame> _stack = new();
        private readonly List<CommentDraft> _comments = [];
        private readonly List<InvalidValue> _invalid = [];
        private List<CommentDraft>? _beforeRoot;
        private MetadataElement? _root;
        private bool _rootRejected;
        private bool _tooManyComments;

        public void Run(XmlReader reader)
        {
            var lineInfo = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        StartElement(reader, lineInfo);
                        if (_rootRejected)
                        {
                            return;
                        }

                        break;
                    case XmlNodeType.EndElement:
                        EndElement();
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        if (_stack.TryPeek(out var top))
                        {
                            top.AppendText(reader.Value, limits.MaxElementTextChars);
                        }

                        break;
                    case XmlNodeType.Comment:
                        // An empty comment says nothing (no suppression can be in it); keeping none bounds the
                        // work a file of thousands of empty comments can cause.
                        if (!string.IsNullOrWhiteSpace(reader.Value))
                        {
                            AddComment(reader.Value, lineInfo.LineNumber, Math.Max(1, lineInfo.LinePosition - 4));
                        }

                        break;
                    default:
                        break;
                }
            }

            file.Root = _root;
            file.Invalid = _invalid;
            file.Comments = _comments.ConvertAll(c => new XmlCommentInfo(c.Text, c.Line, c.Column, c.Following, c.Enclosing));
        }

        public void Fail(string code, string message, int line, int column)
        {
            diagnostics.Add(new MetadataDiagnostic(code, DiagnosticLevel.Error, message + "; the file's settings are left out of the input document", file.Path, Math.Max(1, line), Math.Max(1, column)));
            file.Root = null;
            file.Invalid = [];
            file.Comments = _comments.ConvertAll(c => new XmlCommentInfo(c.Text, c.Line, c.Column, c.Following, c.Enclosing));
            positions.Remove(file.Path);
        }

        private void AddComment(string text, int line, int column)
        {
            if (_comments.Count >= limits.MaxCommentsPerFile)
            {
                if (_comments.Count == limits.MaxCommentsPerFile && !_tooManyComments)
                {
                    _tooManyComments = true;
                    diagnostics.Add(new MetadataDiagnostic(
                        DiagnosticCodes.TooManyComments,
                        DiagnosticLevel.Warning,
                        string.Create(CultureInfo.InvariantCulture, $"the file holds more than {limits.MaxCommentsPerFile:N0} XML comments; this one and the rest are ignored (suppressions in them are not read)"),
                        file.Path,
                        line,
                        column));
                }

                return;
            }

            if (_stack.TryPeek(out var top))
            {
                var draft = new CommentDraft(text, line, column, top.Path);
                _comments.Add(draft);
                (top.PendingComments ??= []).Add(draft);
            }
            else
            {
                var draft = new CommentDraft(text, line, column, null);
                _comments.Add(draft);
                if (_root is null)
                {
                    (_beforeRoot ??= []).Add(draft);
                }
            }
        }

        private void StartElement(XmlReader reader, IXmlLineInfo lineInfo)
        {
            var line = lineInfo.LineNumber;
            var column = Math.Max(1, lineInfo.LinePosition - 1);
            var localName = reader.LocalName;
            if (localName.Length > MaxNameLength)
            {
                // Each element's path repeats its ancestors' names: long names times deep nesting would multiply memory.
                throw new XmlException($"an element name is longer than {MaxNameLength} characters", null, line, column);
            }

            Frame frame;
            if (!_stack.TryPeek(out var parent))
            {
                if (!string.Equals(localName, file.Kind.TypeName, StringComparison.Ordinal))
                {
                    diagnostics.Add(new MetadataDiagnostic(
                        DiagnosticCodes.UnexpectedRoot,
                        DiagnosticLevel.Error,
                        $"a .{file.Kind.Suffix} file must have the root element <{file.Kind.TypeName}>, found <{localName}>; the file is skipped",
                        file.Path,
                        line,
                        column));
                    _rootRejected = true;
                    file.Root = null;
                    return;
                }

                foreach (var draft in _beforeRoot ?? [])
                {
                    draft.Following = string.Empty;
                }

                frame = new Frame(file.Kind.TypeName, string.Empty, line, column, null, file.Kind.RootSpec, 1);
            }
            else
            {
                if (_stack.Count >= MaxDepth)
                {
                    throw new XmlException($"elements are nested more than {MaxDepth} levels deep", null, line, column);
                }

                var spec = parent.ChildTypes?.Field(localName);
                var name = spec?.Name ?? localName;
                parent.Counts ??= new Dictionary<string, int>(StringComparer.Ordinal);
                var occurrence = parent.Counts.GetValueOrDefault(name) + 1;
                parent.Counts[name] = occurrence;
                var path = parent.Path.Length == 0 ? name : parent.Path + "/" + name;
                if (occurrence > 1)
                {
                    path += "[" + occurrence.ToString(CultureInfo.InvariantCulture) + "]";
                }

                foreach (var draft in parent.PendingComments ?? [])
                {
                    draft.Following = path;
                }

                parent.PendingComments?.Clear();
                frame = new Frame(name, path, line, column, spec, spec?.Kind == FieldKind.Complex ? spec.Complex : null, occurrence);
            }

            positions.Add(file.Path, frame.Path, line, column);
            if (reader.IsEmptyElement)
            {
                Attach(Finish(frame));
            }
            else
            {
                _stack.Push(frame);
            }
        }

        private void EndElement()
        {
            if (_stack.TryPop(out var frame))
            {
                Attach(Finish(frame));
            }
        }

        private void Attach(MetadataElement element)
        {
            if (_stack.TryPeek(out var parent))
            {
                (parent.Children ??= []).Add(element);
            }
            else
            {
                _root = element;
            }
        }

        private MetadataElement Finish(Frame frame)
        {
            var spec = frame.Spec;
            var kind = spec?.Kind ?? (frame.Path.Length == 0 ? FieldKind.Complex : FieldKind.Unknown);
            var element = new MetadataElement(frame.Name, frame.Path, frame.Line, frame.Column, kind, spec?.Repeatable ?? false);
            var text = frame.Text ?? string.Empty;
            if (frame.TextTooLong)
            {
                element.IsValid = false;
                element.Children = frame.Children ?? element.Children;
                _invalid.Add(new InvalidValue(file.Path, frame.Path, string.Empty, spec?.Expected ?? "text", frame.Line, frame.Column));
                diagnostics.Add(new MetadataDiagnostic(
                    DiagnosticCodes.TextTooLong,
                    DiagnosticLevel.Error,
                    string.Create(CultureInfo.InvariantCulture, $"<{frame.Name}> holds more than {limits.MaxElementTextChars:N0} characters of text; the value is left out of the input document"),
                    file.Path,
                    frame.Line,
                    frame.Column));
                return element;
            }

            if (frame.Children is { Count: > 0 } children)
            {
                element.Children = children;
                if (spec is not null && spec.Kind != FieldKind.Complex)
                {
                    element.IsValid = false;
                    Report(frame, string.Empty, spec.Expected, $"<{frame.Name}> should hold text ({spec.Expected}) but contains child elements");
                }
            }
            else if (kind == FieldKind.Complex)
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    element.Text = text;
                    element.IsValid = false;
                    Report(frame, text, spec?.Expected ?? "child elements", $"<{frame.Name}> should contain child elements, not text");
                }
            }
            else
            {
                element.Text = text;
                if (spec is not null)
                {
                    TypeValue(frame, spec, element, text);
                }
            }

            if (spec is not null && !spec.Repeatable && frame.Occurrence > 1)
            {
                Report(frame, text, "a single " + spec.Expected, $"<{frame.Name}> appears more than once; Salesforce allows it once here");
            }

            return element;
        }

        private void TypeValue(Frame frame, FieldSpec spec, MetadataElement element, string text)
        {
            var trimmed = text.Trim();
            switch (spec.Kind)
            {
                case FieldKind.Boolean:
                    if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed == "1")
                    {
                        element.BooleanValue = true;
                    }
                    else if (trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) || trimmed == "0")
                    {
                        element.BooleanValue = false;
                    }
                    else
                    {
                        Invalid(frame, element, text, spec, DiagnosticLevel.Warning);
                    }

                    break;
                case FieldKind.WholeNumber:
                    if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    {
                        element.IntegerValue = integer;
                    }
                    else
                    {
                        Invalid(frame, element, text, spec, DiagnosticLevel.Warning);
                    }

                    break;
                case FieldKind.Number:
                    if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                    {
                        element.DoubleValue = number;
                    }
                    else
                    {
                        Invalid(frame, element, text, spec, DiagnosticLevel.Warning);
                    }

                    break;
                case FieldKind.Enumeration:
                    if (spec.EnumValues is { } values && values.Contains(trimmed))
                    {
                        element.Text = trimmed;
                    }
                    else
                    {
                        // NOTE: a note, not a warning: the WSDL we type from (v63) can be older than the org.
                        Invalid(frame, element, text, spec, DiagnosticLevel.Note);
                    }

                    break;
                default:
                    break;
            }
        }

        private void Invalid(Frame frame, MetadataElement element, string text, FieldSpec spec, DiagnosticLevel level)
        {
            element.IsValid = false;
            var shown = text.Length > 60 ? text[..57] + "..." : text;
            var what = text.Trim().Length == 0 ? "an empty value" : $"'{shown}'";
            var expected = spec.Kind == FieldKind.Enumeration ? $"one of the {spec.EnumName} values Salesforce declares" : $"a valid {spec.Expected}";
            Report(frame, text, spec.Expected, $"{what} is not {expected} for {frame.Path}; the raw text is kept", level);
        }

        private void Report(Frame frame, string text, string expected, string message, DiagnosticLevel level = DiagnosticLevel.Warning)
        {
            _invalid.Add(new InvalidValue(file.Path, frame.Path, text, expected, frame.Line, frame.Column));
            diagnostics.Add(new MetadataDiagnostic(DiagnosticCodes.InvalidValue, level, message, file.Path, frame.Line, frame.Column));
        }
    }
}
