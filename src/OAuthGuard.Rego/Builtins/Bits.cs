using System.Numerics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Bitwise operations on arbitrary-precision integers.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#bits.</remarks>
internal static class Bits
{
    /// <summary>Registers the bits builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("bits", "bits.or(x: number, y: number) => number", "Returns the bitwise OR of two integers.", (_, a) => RegoNumber.From(Operands.BigInt(a, 0) | Operands.BigInt(a, 1)));
        b.Add("bits", "bits.and(x: number, y: number) => number", "Returns the bitwise AND of two integers.", (_, a) => RegoNumber.From(Operands.BigInt(a, 0) & Operands.BigInt(a, 1)));
        b.Add("bits", "bits.xor(x: number, y: number) => number", "Returns the bitwise XOR of two integers.", (_, a) => RegoNumber.From(Operands.BigInt(a, 0) ^ Operands.BigInt(a, 1)));
        b.Add("bits", "bits.negate(x: number) => number", "Returns the bitwise complement of an integer.", (_, a) => RegoNumber.From(~Operands.BigInt(a, 0)));
        b.Add("bits", "bits.lsh(x: number, s: number) => number", "Shifts an integer left by s bits.", (ctx, a) =>
        {
            var x = Operands.BigInt(a, 0);
            var shift = Shift(a);
            ctx.Budget.CheckBits(x.GetBitLength() + shift);
            return RegoNumber.From(x << shift);
        });
        b.Add("bits", "bits.rsh(x: number, s: number) => number", "Shifts an integer right by s bits.", (_, a) => RegoNumber.From(Operands.BigInt(a, 0) >> Shift(a)));
    }

    private static int Shift(ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.BigInt(a, 1);
        if (s.Sign < 0)
        {
            throw Operands.Error(1, "must be an unsigned integer number but got a negative integer");
        }

        return s > 1_000_000 ? throw new BuiltinException("shift amount too large") : (int)s;
    }
}
