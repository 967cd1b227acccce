using OAuthGuard.Engines.Opa;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>Runs a command body and turns failures into messages and exit code 2, never a stack trace.</summary>
internal static class CommandErrors
{
    public const int UsageOrSetupError = 2;

    public static async Task<int> Guard(CliContext ctx, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ScanSetupException e)
        {
            foreach (var error in e.Errors)
            {
                await ctx.Error.WriteLineAsync(ScanSetupException.Format(error)).ConfigureAwait(false);
            }

            return UsageOrSetupError;
        }
        catch (OpaException e)
        {
            // Missing, too old, crashed, hanging or garbled opa: never a silent "no findings".
            foreach (var error in e.Errors)
            {
                await ctx.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            await ctx.Error.WriteLineAsync($"oauthguard: opa engine: {e.Message}").ConfigureAwait(false);
            return UsageOrSetupError;
        }
        catch (OperationCanceledException)
        {
            await ctx.Error.WriteLineAsync("oauthguard: cancelled").ConfigureAwait(false);
            return UsageOrSetupError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await ctx.Error.WriteLineAsync($"oauthguard: {e.Message}").ConfigureAwait(false);
            return UsageOrSetupError;
        }
#pragma warning disable CA1031 // The last line of defence: the user gets a message and exit code 2, not a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await ctx.Error.WriteLineAsync($"oauthguard: internal error ({e.GetType().Name}): {e.Message}").ConfigureAwait(false);
            return UsageOrSetupError;
        }
    }
}
