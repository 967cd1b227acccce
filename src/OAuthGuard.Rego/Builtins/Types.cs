using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Type tests and <c>type_name</c>.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#types.</remarks>
internal static class Types
{
    /// <summary>Registers the type builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("types", "is_number(x: any) => boolean", "Tests whether a value is a number.", (_, a) => Operands.Bool(a[0].Kind == RegoValueKind.Number));
        b.Add("types", "is_string(x: any) => boolean", "Tests whether a value is a string.", (_, a) => Operands.Bool(a[0].Kind == RegoValueKind.String));
        b.Add("types", "is_boolean(x: any) => boolean", "Tests whether a value is a boolean.", (_, a) => Operands.Bool(a[0].Kind == RegoValueKind.Boolean));
        b.Add("types", "is_array(x: any) => boolean", "Tests whether a value is an array.", (_, a) => Operands.Bool(a[0].Kind == RegoValueKind.Array));
        b.Add("types", "is_set(x: any) => boolean", "Tests whether a value is a set.", (_, a) => Operands.Bool(a[0].Kind == RegoValueKind.Set));
        b.Add("types", "is_object(x: any) => boolean", "Tests whether a value is an object.", (_, a) => Operands.Bool(a[0].Kind == RegoValueKind.Object));
        b.Add("types", "is_null(x: any) => boolean", "Tests whether a value is null.", (_, a) => Operands.Bool(a[0].Kind == RegoValueKind.Null));
        b.Add("opa", "opa.runtime() => object[string: any]", "Returns what the host exposes about the runtime; OAuthGuard exposes nothing, so the object is empty.", (_, _) => RegoObject.Empty);
        b.Add("types", "type_name(x: any) => string", "Returns the name of a value's type: null, boolean, number, string, array, object or set.", (_, a) => Operands.Str(a[0].TypeName));
    }
}
