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
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Builtin? builtin) =>
        _builtins.TryGetValue(name, out builtin);

    /// <summary>Creates the default registry.</summary>
    /// <returns>A new registry.</returns>
    public static BuiltinRegistry CreateDefault() => Build();

    private static BuiltinRegistry Build()
    {
        var b = new Builder();

        // Families are listed explicitly, one line each.
        return b.Build();
    }

    /// <summary>Collects builtins; later registrations of the same name replace earlier ones.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, Builtin> _builtins = new(StringComparer.Ordinal);

        /// <summary>Adds a builtin.</summary>
        /// <param name="declaration">The declaration.</param>
        /// <param name="function">The implementation.</param>
        /// <returns>This builder.</returns>
        public Builder Add(BuiltinDeclaration declaration, BuiltinFunction function)
        {
            _builtins[declaration.Name] = new Builtin(declaration, function);
            return this;
        }

        /// <summary>Freezes the collected builtins.</summary>
        /// <returns>The registry.</returns>
        public BuiltinRegistry Build() => new(_builtins.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
