// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce.Model;

/// <summary>
/// Text that is not valid for the type Salesforce declares (<c>yes</c> for a boolean,
/// <c>{{PKCE_REQUIRED}}</c>, an empty element where a boolean is expected). The raw text is
/// kept as the value; this record lists it under <c>invalid</c> in the input document.
/// </summary>
/// <param name="File">Repository-relative path of the file.</param>
/// <param name="Path">Element path inside the file.</param>
/// <param name="Text">The raw text ("" for an empty element or one with child elements).</param>
/// <param name="Expected">What was expected: <c>boolean</c>, <c>integer</c>, <c>number</c>, <c>enum TypeName</c>, <c>element TypeName</c>, <c>string</c>.</param>
/// <param name="Line">1-based line of the element.</param>
/// <param name="Column">1-based column of the element.</param>
public sealed record InvalidValue(string File, string Path, string Text, string Expected, int Line, int Column);
