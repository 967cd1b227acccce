namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Builtins the engine declares but does not provide. A policy may still name them as the target of <c>with</c>, so a
/// test can mock them as in OPA (<c>allow with http.send as mock_send</c>); a call that no <c>with</c> replaces is a
/// compile error, and one reached unreplaced at run time an evaluation error.
/// </summary>
internal static class Withheld
{
    /// <summary>Registers the declarations.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Withhold("http", "http.send(request: object[string: any]) => object[any: any]", "Sends an HTTP request and returns the response.", "a scanner makes no network requests");
        b.Withhold("tokens", "io.jwt.decode_verify(jwt: string, constraints: object[string: any]) => array[boolean, object[any: any], object[any: any]]", "Verifies a JWT's signature and claims and decodes it.", "JWT verification is not implemented in this engine yet");
    }
}
