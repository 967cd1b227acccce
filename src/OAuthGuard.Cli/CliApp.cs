namespace OAuthGuard.Cli;

/// <summary>The command tree. Commands write through the given writers so tests need no process.</summary>
internal static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        _ = args;
        _ = stdout;
        stderr.WriteLine("oauthguard: not built yet");
        return 2;
    }
}
