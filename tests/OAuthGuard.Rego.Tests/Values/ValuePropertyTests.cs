using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Tests.Values;

/// <summary>
/// Properties of Rego values over random values (FsCheck): OPA's total order agrees with equality and hashing, numbers
/// compare as the exact numbers they denote, JSON round-trips keep values (big and exact numbers included), and the
/// set and object operations that are commutative in OPA are commutative here.
/// </summary>
public sealed class ValuePropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Order_agrees_with_equality_and_hash_and_is_antisymmetric() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Any.ToArbitrary(), ValueGen.Any.ToArbitrary(), (a, b) =>
        {
            var ab = a.CompareTo(b);
            var ba = b.CompareTo(a);
            var equal = a.Equals(b);
            return Math.Sign(ab) == -Math.Sign(ba)
                && equal == (ab == 0)
                && (!equal || a.GetHashCode() == b.GetHashCode())
                && a.CompareTo(a) == 0 && a.Equals(a);
        }));

    [Fact]
    public void Order_is_transitive() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Any.ArrayOf().ToArbitrary(), items =>
        {
            var sorted = items.Order(ValueComparer.Instance).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                for (var j = i + 1; j < sorted.Length; j++)
                {
                    if (sorted[i].CompareTo(sorted[j]) > 0)
                    {
                        return false;
                    }
                }
            }

            return true;
        }));

    [Fact]
    public void Numbers_compare_as_the_exact_rationals_they_denote() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Decimal.ToArbitrary(), ValueGen.Decimal.ToArbitrary(), (a, b) =>
        {
            var (ua, sa) = a;
            var (ub, sb) = b;

            // a = ua / 10^sa, b = ub / 10^sb: compare ua * 10^sb with ub * 10^sa.
            var expected = (ua * BigInteger.Pow(10, sb)).CompareTo(ub * BigInteger.Pow(10, sa));
            var x = Number(ua, sa);
            var y = Number(ub, sb);
            return Math.Sign(x.CompareTo(y)) == Math.Sign(expected) && x.Equals(y) == (expected == 0);
        }));

    [Fact]
    public void Exact_sums_and_differences_stay_exact() =>
        Check.One(Runs, Prop.ForAll(ValueGen.SmallDecimal.ToArbitrary(), ValueGen.SmallDecimal.ToArbitrary(), (a, b) =>
        {
            var sum = RegoNumber.Add(a, b);
            return sum.Equals(RegoNumber.Add(b, a)) && RegoNumber.Subtract(sum, b).Equals(a);
        }));

    [Fact]
    public void Number_text_reads_back_as_the_same_number() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Number.ToArbitrary(), n =>
            RegoNumber.TryParse(n.ToText(), out var back) && back.Equals(n) && back.ToText() == n.ToText()));

    [Fact]
    public void Json_round_trip_keeps_the_value() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Json.ToArbitrary(), v =>
        {
            var text = RegoJson.Serialize(v);
            var back = RegoJson.Parse(text);
            return back.Equals(v) && RegoJson.Serialize(back) == text;
        }));

    [Fact]
    public void Sets_and_objects_do_not_depend_on_insertion_order() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Any.ArrayOf().ToArbitrary(), items =>
        {
            var set = RegoSet.Create(items);
            var reversed = RegoSet.Create(items.Reverse());
            var pairs = items.Select((v, i) => new KeyValuePair<RegoValue, RegoValue>(v, RegoNumber.From(i))).DistinctBy(kv => kv.Key).ToArray();
            var obj = RegoObject.Create(pairs);
            var objReversed = RegoObject.Create(pairs.Reverse());
            return set.Equals(reversed) && set.GetHashCode() == reversed.GetHashCode()
                && obj.Equals(objReversed) && obj.GetHashCode() == objReversed.GetHashCode();
        }));

    [Fact]
    public void Set_union_and_intersection_commute_and_difference_partitions() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Set.ToArbitrary(), ValueGen.Set.ToArbitrary(), (a, b) =>
        {
            var union = Call("or", a, b);
            var intersection = Call("and", a, b);
            var difference = Call("minus", a, b);
            return union.Equals(Call("or", b, a))
                && intersection.Equals(Call("and", b, a))
                && Call("or", difference, intersection).Equals(a)
                && Call("and", difference, b).Equals(RegoSet.Empty)
                && Call("union", RegoSet.Create(a, b)).Equals(union)
                && Call("intersection", RegoSet.Create(a, b)).Equals(intersection);
        }));

    [Fact]
    public void Object_union_commutes_when_the_keys_are_disjoint() =>
        Check.One(Runs, Prop.ForAll(ValueGen.Object.ToArbitrary(), ValueGen.Object.ToArbitrary(), (a, b) =>
        {
            var right = RegoObject.Create(b.Where(kv => !a.ContainsKey(kv.Key)));
            var merged = Call("object.union", a, right);
            return merged.Equals(Call("object.union", right, a))
                && ((RegoObject)merged).Count == a.Count + right.Count;
        }));

    private static RegoNumber Number(BigInteger unscaled, int scale) =>
        RegoNumber.TryParse(unscaled.ToString(CultureInfo.InvariantCulture) + "e-" + scale.ToString(CultureInfo.InvariantCulture), out var n)
            ? n
            : throw new InvalidOperationException("unparsable test number");

    private static RegoValue Call(string name, params RegoValue[] args)
    {
        Assert.True(BuiltinRegistry.Default.TryGet(name, out var builtin));
        var context = new BuiltinContext(TimeProvider.System, null, [], CancellationToken.None);
        return builtin.Function(context, args) ?? throw new InvalidOperationException($"{name} was undefined");
    }

    /// <summary>Generators of Rego values, numbers of every representation included.</summary>
    private static class ValueGen
    {
        private static readonly string[] Words = ["", "a", "b", "ab", "é", "日本", "\"q\"", "x\ny", "1", "true"];

        /// <summary>Gets exact decimals as (unscaled, scale) pairs, some with many digits.</summary>
        public static Gen<(BigInteger Unscaled, int Scale)> Decimal { get; } =
            from digits in Gen.Choose(1, 30)
            from head in Gen.Choose(-9999, 9999)
            from tail in Gen.Choose(0, 999_999_999)
            from scale in Gen.Choose(0, 40)
            select ((BigInteger)head * BigInteger.Pow(10, digits) + tail, scale);

        /// <summary>Gets decimals with few digits, whose sums and differences OPA computes exactly too.</summary>
        public static Gen<RegoNumber> SmallDecimal { get; } =
            from unscaled in Gen.Choose(-9_999_999, 9_999_999)
            from scale in Gen.Choose(0, 6)
            select Number(unscaled, scale);

        /// <summary>Gets numbers: small and 64-bit integers, big integers, decimals and literals kept as written.</summary>
        public static Gen<RegoNumber> Number { get; } = Gen.OneOf(
            Gen.Choose(-300, 300).Select(i => RegoNumber.From(i)),
            Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue)).Select(p => RegoNumber.From(((long)p.Item1 << 32) | (uint)p.Item2)),
            Decimal.Select(d => ValuePropertyTests.Number(d.Unscaled * BigInteger.Pow(10, 25), 0)),
            Decimal.Select(d => ValuePropertyTests.Number(d.Unscaled, d.Scale)),
            Gen.Elements("1e400", "1e-400", "3.50", "0.1234567890123456789", "-0.0", "1.0", "2e308", "0.25", "-1.5e-7")
                .Select(t => RegoNumber.TryParse(t, out var n) ? n : RegoNumber.Zero));

        /// <summary>Gets scalars.</summary>
        public static Gen<RegoValue> Scalar { get; } = Gen.OneOf(
            Gen.Constant<RegoValue>(RegoNull.Instance),
            Gen.Elements<RegoValue>(RegoBoolean.True, RegoBoolean.False),
            Number.Select(n => (RegoValue)n),
            Gen.Elements(Words).Select(w => (RegoValue)new RegoString(w)));

        /// <summary>Gets any value, sets and non-string object keys included.</summary>
        public static Gen<RegoValue> Any { get; } = Gen.Sized(size => Tree(Math.Min(size, 12), json: false));

        /// <summary>Gets JSON values: no sets, string keys only.</summary>
        public static Gen<RegoValue> Json { get; } = Gen.Sized(size => Tree(Math.Min(size, 12), json: true));

        /// <summary>Gets sets of small values, often overlapping.</summary>
        public static Gen<RegoSet> Set { get; } = Gen.OneOf(Scalar, Gen.Choose(0, 6).Select(i => (RegoValue)RegoNumber.From(i)))
            .ArrayOf().Select(items => RegoSet.Create(items));

        /// <summary>Gets objects with string keys.</summary>
        public static Gen<RegoObject> Object { get; } =
            (from key in Gen.Elements(Words)
             from value in Scalar
             select new KeyValuePair<RegoValue, RegoValue>(new RegoString(key), value))
            .ArrayOf().Select(pairs => RegoObject.Create(pairs.DistinctBy(p => p.Key)));

        private static Gen<RegoValue> Tree(int size, bool json)
        {
            if (size <= 1)
            {
                return Scalar;
            }

            var child = Tree(size / 2, json);
            var key = json ? Gen.Elements(Words).Select(w => (RegoValue)new RegoString(w)) : child;
            var array = child.ArrayOf().Select(items => (RegoValue)RegoArray.Create(items));
            var obj = Gen.Zip(key, child).ArrayOf()
                .Select(pairs => (RegoValue)RegoObject.Create(pairs.Select(p => new KeyValuePair<RegoValue, RegoValue>(p.Item1, p.Item2)).DistinctBy(p => p.Key)));
            var set = child.ArrayOf().Select(items => (RegoValue)RegoSet.Create(items));
            return json ? Gen.OneOf(Scalar, array, obj) : Gen.OneOf(Scalar, array, obj, set);
        }
    }
}
