using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Ast;

/// <summary>Helpers for names written as references.</summary>
internal static class AstNames
{
    /// <summary>Returns a reference written as a dotted name (<c>array.concat</c>), or its Rego text when it is not one.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The dotted name.</returns>
    public static string DottedName(RefTerm reference)
    {
        var sb = new StringBuilder();
        if (reference.Head is VarTerm v)
        {
            sb.Append(v.Name);
        }
        else
        {
            sb.Append(reference.Head.Span.Text);
        }

        foreach (var part in reference.Path)
        {
            if (part is ScalarTerm { Value: RegoString s })
            {
                sb.Append('.').Append(s.Value);
            }
            else
            {
                sb.Append('[').Append(part.Span.Text).Append(']');
            }
        }

        return sb.ToString();
    }
}
