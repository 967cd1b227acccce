namespace OAuthGuard.Rego.Compilation;

/// <summary>Builtins the evaluator implements itself because they need its state (rule context, print sink).</summary>
internal enum Intrinsic
{
    None,
    Print,
    MetadataRule,
    MetadataChain,
}

/// <summary>Names and arities of the <see cref="Intrinsic"/> builtins.</summary>
internal static class Intrinsics
{
    public static Intrinsic Of(string name) => name switch
    {
        "print" => Intrinsic.Print,
        "rego.metadata.rule" => Intrinsic.MetadataRule,
        "rego.metadata.chain" => Intrinsic.MetadataChain,
        _ => Intrinsic.None,
    };

    public static bool IsIntrinsic(string name) => Of(name) != Intrinsic.None;

    /// <summary>The number of inputs (-1: any), or null when the name is not an intrinsic.</summary>
    public static int? Arity(string name) => Of(name) switch
    {
        Intrinsic.Print => -1,
        Intrinsic.MetadataRule or Intrinsic.MetadataChain => 0,
        _ => null,
    };
}
