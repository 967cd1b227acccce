// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.CommandLine;
using OAuthGuard.Salesforce;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard input [PATH] [--output FILE]</c>: prints the input document the policies receive
/// for a repository (like <c>conftest parse</c>). Diagnostics go to standard error as
/// <c>file:line:col: level code: message</c>. Exit 0 when the document was produced, even with
/// diagnostics; 2 when the path does not exist or the output cannot be written.
/// </summary>
internal static class InputCommand
{
    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string?>("PATH")
        {
            Description = "Repository folder (or a single metadata file) to read; default: the current directory.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the document to this file instead of standard output.",
        };
        var command = new Command("input", "Print the input document (JSON) that the policies evaluate for a repository.")
        {
            path,
            output,
        };
        command.SetAction(parsed => Run(ctx, parsed.GetValue(path), parsed.GetValue(output)));
        return command;
    }

    private static int Run(CliContext ctx, string? path, string? output)
    {
        var target = Path.GetFullPath(path ?? ".", ctx.WorkingDirectory);
        if (!Directory.Exists(target) && !File.Exists(target))
        {
            ctx.Error.WriteLine($"error: path not found: {path ?? "."}");
            return 2;
        }

        var snapshot = MetadataRepository.Load(target);
        foreach (var diagnostic in snapshot.Diagnostics)
        {
            ctx.Error.WriteLine(diagnostic.ToString());
        }

        using var buffer = new MemoryStream();
        snapshot.WriteInputDocument(buffer);
        if (output is null)
        {
            ctx.Out.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            ctx.Out.Flush();
            return 0;
        }

        try
        {
            File.WriteAllBytes(Path.GetFullPath(output, ctx.WorkingDirectory), buffer.ToArray());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ctx.Error.WriteLine($"error: cannot write {output}: {ex.Message}");
            return 2;
        }

        return 0;
    }
}
