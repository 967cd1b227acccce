using System.Globalization;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>
/// The size budget of one query: a cap on any single value evaluation produces, a cap on an integer's bits, and a
/// running total of what it produced. Sizes are estimates in bytes, counted shallowly where a value is made (its
/// elements were counted where they were made): 2 per string character, <see cref="ElementBytes"/> per collection
/// element, 1 per 8 bits of an integer. The evaluator charges what it builds (collection terms, comprehensions,
/// partial rules) and every builtin result; builtins whose result can be far larger than their arguments check the
/// size before they build it. Exceeding the budget fails the query with <c>eval_cancel_error</c>, like the step budget.
/// </summary>
internal sealed class SizeBudget
{
    /// <summary>The estimated bytes of one collection element: a reference plus a share of the entry and the element's own object.</summary>
    public const long ElementBytes = 32;

    /// <summary>Values above this size also check the wall clock: building them took a while.</summary>
    private const long LargeValueBytes = 1 << 16;

    private readonly long _maxTotal;
    private readonly long _deadline;
    private long _used;

    /// <summary>Initializes a new instance of the <see cref="SizeBudget"/> class.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="deadline">The wall-clock deadline (<see cref="Environment.TickCount64"/>), or <see cref="long.MaxValue"/>.</param>
    public SizeBudget(EvaluationOptions options, long deadline)
    {
        MaxValueBytes = options.MaxValueBytes;
        _maxTotal = options.MaxTotalBytes;
        MaxNumberBits = options.MaxNumberBits;
        _deadline = deadline;
    }

    /// <summary>A budget with the default limits (for builtins called outside an evaluation, as in tests).</summary>
    public static SizeBudget Unbounded { get; } = new(new EvaluationOptions { MaxValueBytes = long.MaxValue, MaxTotalBytes = long.MaxValue, MaxNumberBits = long.MaxValue }, long.MaxValue);

    /// <summary>Gets the largest estimated size of one value.</summary>
    public long MaxValueBytes { get; }

    /// <summary>Gets the most bits an integer may have.</summary>
    public long MaxNumberBits { get; }

    /// <summary>Gets the estimated bytes produced so far.</summary>
    public long Used => _used;

    /// <summary>Charges <paramref name="bytes"/> to the running total.</summary>
    /// <param name="bytes">The estimated size just produced.</param>
    /// <exception cref="SizeLimitException">The total is exceeded.</exception>
    public void Charge(long bytes)
    {
        if ((_used += bytes) > _maxTotal)
        {
            throw TotalExceeded();
        }
    }

    /// <summary>Charges <paramref name="bytes"/> to the running total without throwing.</summary>
    /// <param name="bytes">The estimated size just produced.</param>
    /// <returns>False when the total is exceeded (<see cref="TotalExceeded"/> says so).</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TryCharge(long bytes) => (_used += bytes) <= _maxTotal;

    /// <summary>Checks a value about to be built against the single-value cap (nothing is charged).</summary>
    /// <param name="bytes">Its estimated size.</param>
    /// <exception cref="SizeLimitException">It would be too large.</exception>
    public void Check(long bytes)
    {
        if (bytes > MaxValueBytes)
        {
            throw ValueExceeded(bytes);
        }
    }

    /// <summary>Checks a string of <paramref name="chars"/> characters about to be built.</summary>
    /// <param name="chars">Its length.</param>
    public void CheckChars(long chars) => Check(chars > long.MaxValue / 2 ? long.MaxValue : chars * 2);

    /// <summary>Checks an integer of <paramref name="bits"/> bits about to be computed.</summary>
    /// <param name="bits">Its bit length (an upper bound).</param>
    public void CheckBits(long bits)
    {
        if (bits > MaxNumberBits)
        {
            throw new SizeLimitException(string.Create(CultureInfo.InvariantCulture, $"evaluation exceeded the number size limit (an integer of {bits:N0} bits; the limit is {MaxNumberBits:N0} bits)"));
        }
    }

    /// <summary>Checks a value just produced against the caps and charges its shallow size.</summary>
    /// <param name="value">The value.</param>
    public void ChargeValue(RegoValue value)
    {
        long bytes;
        switch (value)
        {
            case RegoString s:
                bytes = (long)s.Value.Length * 2;
                break;
            case RegoNumber n:
                if (n.FitsLong)
                {
                    return;
                }

                var bits = n.BitLength;
                CheckBits(bits);
                bytes = bits / 8;
                break;
            case RegoArray a:
                bytes = a.Count * ElementBytes;
                break;
            case RegoSet set:
                bytes = set.Count * ElementBytes;
                break;
            case RegoObject o:
                bytes = o.Count * ElementBytes;
                break;
            default:
                return;
        }

        Check(bytes);
        Charge(bytes);
        if (bytes > LargeValueBytes && Environment.TickCount64 > _deadline)
        {
            throw new SizeLimitException("evaluation exceeded the time limit", timeLimit: true);
        }
    }

    /// <summary>
    /// Checks that <paramref name="value"/> written out in full (shared parts once per use, as serializers write
    /// them) stays within the single-value cap. Stops walking as soon as it does not, so the cost is bounded by the
    /// cap, not by the value's expanded size (which can be exponential in the steps that built it).
    /// </summary>
    /// <param name="value">The value about to be serialized.</param>
    /// <param name="factor">How many output bytes the serializer writes per estimated byte (1 for compact JSON).</param>
    public void CheckExpanded(RegoValue value, long factor = 1)
    {
        if (value is not (RegoArray or RegoSet or RegoObject))
        {
            return;
        }

        var limit = MaxValueBytes / Math.Max(1, factor);
        var total = ExpandedBytes(value, limit);
        if (total > limit)
        {
            throw new SizeLimitException(string.Create(CultureInfo.InvariantCulture, $"evaluation exceeded the value size limit (writing out a value of more than {limit:N0} bytes; the limit is {MaxValueBytes:N0} bytes)"));
        }
    }

    /// <summary>The estimated bytes of a value written out in full, or a number above <paramref name="limit"/> once it passes it.</summary>
    /// <param name="value">The value.</param>
    /// <param name="limit">Where to stop counting.</param>
    /// <returns>The estimate.</returns>
    internal static long ExpandedBytes(RegoValue value, long limit)
    {
        // An explicit stack: values may be nested deeper than the call stack allows.
        var stack = new Stack<RegoValue>();
        stack.Push(value);
        long total = 0;
        while (stack.Count > 0 && total <= limit)
        {
            switch (stack.Pop())
            {
                case RegoString s:
                    total += 2 + ((long)s.Value.Length * 2);
                    break;
                case RegoNumber n:
                    total += 8 + (n.BitLength / 3);
                    break;
                case RegoArray a:
                    total += 2 + a.Count;
                    foreach (var item in a)
                    {
                        stack.Push(item);
                    }

                    break;
                case RegoSet set:
                    total += 2 + set.Count;
                    foreach (var item in set)
                    {
                        stack.Push(item);
                    }

                    break;
                case RegoObject o:
                    total += 2 + (o.Count * 2);
                    foreach (var (k, v) in o)
                    {
                        stack.Push(k);
                        stack.Push(v);
                    }

                    break;
                default:
                    total += 5;
                    break;
            }
        }

        return total;
    }

    /// <summary>The error for an exceeded total.</summary>
    /// <returns>The exception to throw.</returns>
    public SizeLimitException TotalExceeded() =>
        new(string.Create(CultureInfo.InvariantCulture, $"evaluation exceeded the total size limit (values of {_used:N0} bytes produced; the limit is {_maxTotal:N0} bytes)"));

    private SizeLimitException ValueExceeded(long bytes) =>
        new(string.Create(CultureInfo.InvariantCulture, $"evaluation exceeded the value size limit (a value of {bytes:N0} bytes; the limit is {MaxValueBytes:N0} bytes)"));
}

/// <summary>
/// A size (or, from <see cref="SizeBudget.ChargeValue"/>, time) limit hit inside a builtin: never turned into an
/// undefined call, always fails the query with <c>eval_cancel_error</c> naming the rule and the policy file.
/// </summary>
internal sealed class SizeLimitException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SizeLimitException"/> class.</summary>
    /// <param name="message">The message, starting with "evaluation exceeded".</param>
    /// <param name="timeLimit">Whether it is the wall-clock limit rather than a size limit.</param>
    public SizeLimitException(string message, bool timeLimit = false)
        : base(message) => IsTimeLimit = timeLimit;

    /// <summary>Initializes a new instance of the <see cref="SizeLimitException"/> class.</summary>
    public SizeLimitException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SizeLimitException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SizeLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets a value indicating whether the wall-clock limit (not a size limit) was hit.</summary>
    public bool IsTimeLimit { get; }
}
