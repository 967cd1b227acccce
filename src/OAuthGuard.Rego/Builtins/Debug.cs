using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>print</c> and <c>trace</c>. <c>print</c> is variadic; the evaluator passes an undefined argument as a
/// null entry in the argument span, which prints as <c>&lt;undefined&gt;</c>.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#debugging.</remarks>
internal static class Debug
{
    /// <summary>Registers print and trace.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("debugging", "print(values: any) => boolean", "Writes its arguments, separated by spaces, to the print output; undefined arguments print as <undefined>.", Print, variadic: true);
        b.Add("tracing", "trace(note: string) => boolean", "Writes a note to the print output and succeeds.", Trace);
    }

    /// <summary>Formats print arguments as OPA does: strings bare, other values as Rego text.</summary>
    /// <param name="args">The arguments; null entries are undefined.</param>
    /// <returns>The line, without a newline.</returns>
    internal static string FormatPrint(ReadOnlySpan<RegoValue> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            switch ((RegoValue?)args[i])
            {
                case null:
                    sb.Append("<undefined>");
                    break;
                case RegoString s:
                    sb.Append(s.Value);
                    break;
                case var v:
                    v.WriteRego(sb);
                    break;
            }
        }

        return sb.ToString();
    }

    private static RegoValue Print(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        ctx.Print?.WriteLine(FormatPrint(a));
        return RegoBoolean.True;
    }

    private static RegoValue Trace(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        ctx.Print?.WriteLine(Operands.String(a, 0));
        return RegoBoolean.True;
    }
}
