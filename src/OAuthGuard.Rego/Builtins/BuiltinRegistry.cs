using System.Collections.Frozen;
using System.Collections.Immutable;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// The immutable set of builtins a compilation may call. Families register themselves explicitly through
/// <see cref="Builder"/> in <see cref="CreateDefault"/>; nothing registers by reflection or static constructors.
/// </summary>
public sealed class BuiltinRegistry
{
    private static readonly Lazy<BuiltinRegistry> DefaultRegistry = new(Build);

    private readonly FrozenDictionary<string, Builtin> _builtins;

    private BuiltinRegistry(FrozenDictionary<string, Builtin> builtins) => _builtins = builtins;

    /// <summary>Gets the registry with every builtin OAuthGuard.Rego implements.</summary>
    public static BuiltinRegistry Default => DefaultRegistry.Value;

    /// <summary>Gets every declaration, ordered by name (a capabilities list).</summary>
    public ImmutableArray<BuiltinDeclaration> Declarations =>
        [.. _builtins.Values.Select(b => b.Declaration).OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>Looks up a builtin by its dotted name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="builtin">The builtin.</param>
    /// <returns>True when found.</returns>
    internal bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Builtin? builtin) =>
        _builtins.TryGetValue(name, out builtin);

    /// <summary>Creates the default registry.</summary>
    /// <returns>A new registry.</returns>
    public static BuiltinRegistry CreateDefault() => Build();

    private static BuiltinRegistry Build()
    {
        var b = new Builder();

        // Families are listed explicitly, one line each. The withheld (declared-only) builtins come first, so that an
        // implementation registered later under the same name would replace its declaration.
        Withheld.Register(b);
        Operators.Register(b);
        Aggregates.Register(b);
        Arrays.Register(b);
        Sets.Register(b);
        Objects.Register(b);
        Json.Register(b);
        Strings.Register(b);
        Sprintf.Register(b);
        Template.Register(b);
        RegexBuiltins.Register(b);
        Glob.Register(b);
        GlobsMatch.Register(b);
        Units.Register(b);
        Encoding.Register(b);
        JsonMarshal.Register(b);
        JsonSchema.Register(b);
        Yaml.Register(b);
        Types.Register(b);
        Numbers.Register(b);
        Bits.Register(b);
        Semver.Register(b);
        Net.Register(b);
        Graph.Register(b);
        Uuid.Register(b);
        RegoParseModule.Register(b);
        GraphQl.Register(b);
        Time.Register(b);
        TimeFormat.Register(b);
        Crypto.Register(b);
        X509.Register(b);
        PrivateKeys.Register(b);
        Jwt.Register(b);
        Debug.Register(b);
        return b.Build();
    }

    /// <summary>Collects builtins; later registrations of the same name replace earlier ones.</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<string, Builtin> _builtins = new(StringComparer.Ordinal);

        /// <summary>Adds a builtin.</summary>
        /// <param name="declaration">The declaration.</param>
        /// <param name="function">The implementation.</param>
        /// <returns>This builder.</returns>
        internal Builder Add(BuiltinDeclaration declaration, BuiltinFunction function)
        {
            _builtins[declaration.Name] = new Builtin(declaration, function);
            return this;
        }

        /// <summary>
        /// Adds a builtin from a compact signature such as <c>concat(delimiter: string, collection: array[string]|set[string]) => string</c>,
        /// so each family registers one line per builtin.
        /// </summary>
        /// <param name="category">The family, as OPA's policy reference groups it.</param>
        /// <param name="signature">Name, typed parameters (comma-separated) and result type.</param>
        /// <param name="description">One sentence in our own words.</param>
        /// <param name="function">The implementation.</param>
        /// <param name="nondeterministic">Whether results are cached once per query.</param>
        /// <param name="variadic">Whether any number of arguments is accepted.</param>
        /// <param name="relation">Whether the builtin yields several results (the function returns them as an array).</param>
        /// <returns>This builder.</returns>
        internal Builder Add(string category, string signature, string description, BuiltinFunction function, bool nondeterministic = false, bool variadic = false, bool relation = false) =>
            Add(Parse(category, signature, description) with { Nondeterministic = nondeterministic, Variadic = variadic, Relation = relation }, function);

        private static BuiltinDeclaration Parse(string category, string signature, string description)
        {
            var open = signature.IndexOf('(', StringComparison.Ordinal);
            var close = signature.LastIndexOf(')');
            var arrow = signature.IndexOf("=>", close, StringComparison.Ordinal);
            var name = signature[..open];
            var parameters = ImmutableArray.CreateBuilder<BuiltinParameter>();
            var inner = signature[(open + 1)..close];
            if (inner.Length > 0)
            {
                foreach (var part in SplitTopLevel(inner))
                {
                    var colon = part.IndexOf(':', StringComparison.Ordinal);
                    parameters.Add(new BuiltinParameter(part[..colon].Trim(), part[(colon + 1)..].Trim()));
                }
            }

            return new BuiltinDeclaration(name, parameters.ToImmutable(), signature[(arrow + 2)..].Trim(), category, description);
        }

        /// <summary>Splits a parameter list at the commas that are not inside brackets (<c>array[number, string]</c>).</summary>
        private static List<string> SplitTopLevel(string text)
        {
            var parts = new List<string>();
            var depth = 0;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '[' or '<':
                        depth++;
                        break;
                    case ']' or '>':
                        depth--;
                        break;
                    case ',' when depth == 0:
                        parts.Add(text[start..i].Trim());
                        start = i + 1;
                        break;
                }
            }

            parts.Add(text[start..].Trim());
            return parts;
        }

        /// <summary>
        /// Declares a builtin the engine does not provide (see <see cref="BuiltinDeclaration.Withheld"/>), so that a
        /// policy can replace it with <c>with</c>; calling it unreplaced is an error naming <paramref name="reason"/>.
        /// </summary>
        /// <param name="category">The family, as OPA's policy reference groups it.</param>
        /// <param name="signature">Name, typed parameters and result type, as for the other builtins.</param>
        /// <param name="description">One sentence in our own words.</param>
        /// <param name="reason">Why the engine leaves it out.</param>
        /// <param name="nondeterministic">Whether OPA marks it nondeterministic.</param>
        /// <returns>This builder.</returns>
        internal Builder Withhold(string category, string signature, string description, string reason, bool nondeterministic = false)
        {
            Add(category, signature, description, (_, _) => throw new InvalidOperationException($"withheld builtin called: {reason}"), nondeterministic);
            var name = signature[..signature.IndexOf('(', StringComparison.Ordinal)];
            var builtin = _builtins[name];
            _builtins[name] = builtin with { Declaration = builtin.Declaration with { Withheld = reason } };
            return this;
        }

        /// <summary>Freezes the collected builtins.</summary>
        /// <returns>The registry.</returns>
        internal BuiltinRegistry Build() => new(_builtins.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
