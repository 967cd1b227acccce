using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Tests.Syntax;

public sealed class LexerTests
{
    private static string Kinds(string text, out List<Diagnostic> diagnostics)
    {
        diagnostics = [];
        var tokens = Lexer.Tokenize(new SourceText("t.rego", text), diagnostics, out _);
        return string.Join(' ', tokens.Select(t => t.Kind.ToString()));
    }

    [Theory]
    [InlineData("package a.b", "Package Ident Dot Ident Eof")]
    [InlineData("p := 1", "Ident Assign Number Eof")]
    [InlineData("a = b == c != d", "Ident Unify Ident Equal Ident Neq Ident Eof")]
    [InlineData("< <= > >= + - * / % & |", "Lt Lte Gt Gte Plus Minus Star Slash Percent Amp Pipe Eof")]
    [InlineData("[]{}(),:;.", "LBrack RBrack LBrace RBrace LParen RParen Comma Colon Semicolon Dot Eof")]
    [InlineData("as default else every false if import in not null package some true with contains", "As Default Else Every False If Import In Not Null Package Some True With Contains Eof")]
    [InlineData("x_1 _ __ inx notx", "Ident Ident Ident Ident Ident Eof")]
    [InlineData("1 1.5 1e10 1.5E-3 0.5", "Number Number Number Number Number Eof")]
    [InlineData("\"a\\\"b\\u00e9\" `raw\\n`", "String RawString Eof")]
    [InlineData("a # comment\nb", "Ident Ident Eof")]
    [InlineData("", "Eof")]
    public void Kinds_of_tokens(string text, string expected)
    {
        Assert.Equal(expected, Kinds(text, out var diagnostics));
        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("\"abc", "1:5: non-terminated string")]
    [InlineData("\"a\\qb\"", "1:4: illegal escape sequence")]
    [InlineData("\"\\u12\"", "1:6: illegal escape sequence")]
    [InlineData("`abc", "1:5: non-terminated string")]
    [InlineData("1.", "1:3: expected fraction")]
    [InlineData("1e+", "1:4: expected exponent")]
    [InlineData("12ab", "1:3: illegal number format")]
    [InlineData("a ! b", "1:3: illegal ! character")]
    public void Lexical_errors_name_the_position(string text, string expected)
    {
        Kinds(text, out var diagnostics);
        var d = Assert.Single(diagnostics);
        Assert.Equal(ErrorCodes.ParseError, d.Code);
        Assert.Equal(expected, $"{d.Line}:{d.Column}: {d.Message}");
    }

    [Fact]
    public void Tokens_record_whitespace_and_line_breaks_before_them()
    {
        var tokens = Lexer.Tokenize(new SourceText("t", "a[0] b\nc"), [], out _);
        Assert.False(tokens[1].SpaceBefore); // [
        Assert.True(tokens[4].SpaceBefore); // b
        Assert.False(tokens[4].NewlineBefore);
        Assert.True(tokens[5].NewlineBefore); // c
    }

    [Fact]
    public void Comments_are_kept_aside_with_their_text_span()
    {
        var text = "# METADATA\r\n# title: x\np := 1 # trailing";
        var tokens = Lexer.Tokenize(new SourceText("t", text), [], out var comments);
        Assert.Equal(["# METADATA", "# title: x", "# trailing"], comments.Select(c => text.Substring(c.Start, c.Length)));
        Assert.Equal(4, tokens.Length);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        Assert.Equal("Package Ident Eof", Kinds("\uFEFFpackage a", out var diagnostics));
        Assert.Empty(diagnostics);
    }
}
