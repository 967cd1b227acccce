namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// OPA builtins that OAuthGuard declares but deliberately does not provide, because a scanner must not reach the
/// network, a resolver or cloud credentials while it judges a repository. Each keeps OPA's signature, so a policy's
/// tests can mock it with <c>with</c> as in OPA (<c>allow with http.send as mock_send</c>), and says why it is missing;
/// a call that no <c>with</c> replaces is a compile error, and one reached unreplaced at run time an evaluation error.
/// </summary>
/// <remarks>docs/rego-builtins.md lists them with the same reasons.</remarks>
internal static class Withheld
{
    /// <summary>The reason shared by the builtins that would reach the network.</summary>
    internal const string Network = "a scan must not make network requests";

    /// <summary>Registers the declarations.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Withhold("http", "http.send(request: object[string: any]) => object[any: any]", "Sends an HTTP request and returns the response.", Network, nondeterministic: true);
        b.Withhold("net", "net.lookup_ip_addr(name: string) => set[string]", "Resolves a host name through DNS.", "a scan must not query DNS", nondeterministic: true);
        b.Withhold("providers.aws", "providers.aws.sign_req(request: object[string: any], aws_config: object[string: any], time_ns: number) => object[any: any]", "Signs an HTTP request with AWS Signature Version 4.", "it exists to sign requests to AWS with cloud credentials, which a scan neither holds nor sends");
    }
}
