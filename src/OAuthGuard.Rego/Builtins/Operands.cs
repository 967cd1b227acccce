using System.Numerics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Operand checks shared by every builtin. Each throws <see cref="OperandException"/> worded exactly as OPA
/// words it (<c>operand 1 must be string but got number</c>), so expected conformance errors match. Positions are
/// 0-based indexes into the argument span and 1-based in messages.
/// </summary>
internal static class Operands
{
    /// <summary>Builds OPA's type error for one expected type.</summary>
    /// <param name="index">0-based argument index.</param>
    /// <param name="got">The offending value.</param>
    /// <param name="expected">The expected type name.</param>
    /// <returns>The exception to throw.</returns>
    public static OperandException TypeError(int index, RegoValue got, string expected) =>
        new($"operand {index + 1} must be {expected} but got {got.TypeName}");

    /// <summary>Builds OPA's type error for several expected types, listed in the builtin's own order.</summary>
    /// <param name="index">0-based argument index.</param>
    /// <param name="got">The offending value.</param>
    /// <param name="expected">The expected type names.</param>
    /// <returns>The exception to throw.</returns>
    public static OperandException TypeError(int index, RegoValue got, params ReadOnlySpan<string> expected) =>
        expected.Length == 1
            ? TypeError(index, got, expected[0])
            : new($"operand {index + 1} must be one of {{{string.Join(", ", expected.ToArray())}}} but got {got.TypeName}");

    /// <summary>Builds OPA's error for a bad element inside a collection operand.</summary>
    /// <param name="index">0-based argument index.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="element">The offending element.</param>
    /// <param name="expected">The expected element type.</param>
    /// <returns>The exception to throw.</returns>
    public static OperandException ElementError(int index, RegoValue collection, RegoValue element, string expected) =>
        new($"operand {index + 1} must be {collection.TypeName} of {expected}s but got {collection.TypeName} containing {element.TypeName}");

    /// <summary>Builds a free-form operand error (<c>operand N …</c>).</summary>
    /// <param name="index">0-based argument index.</param>
    /// <param name="rest">The text after the operand number.</param>
    /// <returns>The exception to throw.</returns>
    public static OperandException Error(int index, string rest) => new($"operand {index + 1} {rest}");

    /// <summary>Requires a string.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The text.</returns>
    public static string String(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] is RegoString s ? s.Value : throw TypeError(index, args[index], "string");

    /// <summary>Requires a number.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The number.</returns>
    public static RegoNumber Number(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoNumber ?? throw TypeError(index, args[index], "number");

    /// <summary>Requires an integral number that fits in 32 bits.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The integer.</returns>
    public static int Int(ReadOnlySpan<RegoValue> args, int index)
    {
        var n = Number(args, index);
        if (!n.IsInteger)
        {
            throw Error(index, "must be integer number but got floating-point number");
        }

        return n.TryGetInt32(out var i) ? i : (n.Sign < 0 ? int.MinValue : int.MaxValue);
    }

    /// <summary>Requires an integral number of any size.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The integer.</returns>
    public static BigInteger BigInt(ReadOnlySpan<RegoValue> args, int index)
    {
        var n = args[index] as RegoNumber ?? throw TypeError(index, args[index], "integer");
        return n.AsBigInteger() ?? throw Error(index, "must be integer number but got floating-point number");
    }

    /// <summary>Requires a boolean.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The boolean.</returns>
    public static bool Boolean(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] is RegoBoolean b ? b.Value : throw TypeError(index, args[index], "boolean");

    /// <summary>Requires an array.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The array.</returns>
    public static RegoArray Array(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoArray ?? throw TypeError(index, args[index], "array");

    /// <summary>Requires an object.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The object.</returns>
    public static RegoObject Object(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoObject ?? throw TypeError(index, args[index], "object");

    /// <summary>Requires a set.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The set.</returns>
    public static RegoSet Set(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoSet ?? throw TypeError(index, args[index], "set");

    /// <summary>Returns the elements of an array or a set (sets in sort order), or throws with the given type list.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <param name="expected">The type list for the error, in the builtin's order.</param>
    /// <returns>The elements.</returns>
    public static ReadOnlySpan<RegoValue> Elements(ReadOnlySpan<RegoValue> args, int index, params ReadOnlySpan<string> expected) => args[index] switch
    {
        RegoArray a => a.Items,
        RegoSet s => s.Sorted,
        _ => throw TypeError(index, args[index], expected),
    };

    /// <summary>Returns the strings of an array or set of strings (OPA's <c>StringSliceOperand</c>).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">0-based index.</param>
    /// <returns>The strings.</returns>
    public static string[] Strings(ReadOnlySpan<RegoValue> args, int index)
    {
        var items = Elements(args, index, "array", "set");
        var result = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = items[i] is RegoString s ? s.Value : throw ElementError(index, args[index], items[i], "string");
        }

        return result;
    }

    /// <summary>Wraps a CLR string.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The value.</returns>
    public static RegoString Str(string s) => s.Length == 0 ? RegoString.Empty : new RegoString(s);

    /// <summary>Wraps a CLR boolean.</summary>
    /// <param name="b">The boolean.</param>
    /// <returns>The value.</returns>
    public static RegoBoolean Bool(bool b) => RegoBoolean.From(b);
}
