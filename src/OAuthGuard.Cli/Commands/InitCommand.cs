using System.CommandLine;
using System.Text;
using OAuthGuard.Init;
using OAuthGuard.Repository;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard init [PATH]</c>: writes <c>.oauthguard.yml</c> (each app's client type as the
/// policies infer it, with the evidence) and <c>.github/workflows/oauthguard.yml</c> into the
/// repository at PATH. An existing file is left alone and reported unless <c>--force</c> is given.
/// Exit codes: 0 when every file was written or found, 2 on error.
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliContext ctx) => Create(ctx, () => new SalesforceRepositoryReader());

    internal static Command Create(CliContext ctx, Func<IRepositoryReader> readerFactory)
    {
        var path = new Argument<string>("path") { Description = "The SFDX project folder to set up (the workflow goes to the root of the git repository holding it).", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Replace files that exist already." };
        var branch = new Option<string?>("--default-branch") { Description = "The branch whose pushes the workflow checks (default: the one origin/HEAD or HEAD names, else main)." };
        var command = new Command("init", "Write .oauthguard.yml (inferred client types) and a GitHub Actions workflow.") { path, force, branch };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var root = Path.GetFullPath(parse.GetValue(path) ?? ".", ctx.WorkingDirectory);
            if (!Directory.Exists(root))
            {
                await ctx.Error.WriteLineAsync($"oauthguard init: '{parse.GetValue(path)}' is not a folder").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            var snapshot = readerFactory().Read(root, ct);
            foreach (var problem in snapshot.Notifications.Where(n => n.Level == "error"))
            {
                await ctx.Error.WriteLineAsync($"{problem.File}:{problem.Line}:{problem.Column}: warning: {problem.Message} [{problem.Code}] (this file is left out of the inference)").ConfigureAwait(false);
            }

            var apps = ClientTypeInference.Infer(snapshot, ct);
            // The workflow belongs at the git repository's root; the SFDX project may be a folder inside it.
            var repository = RepositoryRoot(root) ?? root;
            var scanPath = Path.GetRelativePath(repository, root).Replace('\\', '/');
            var files = new (string Full, string Text)[]
            {
                (Path.Combine(root, InitFiles.ConfigPath), InitFiles.Config(apps)),
                (Path.Combine(repository, InitFiles.WorkflowPath), InitFiles.Workflow(parse.GetValue(branch) ?? DefaultBranch(repository), scanPath)),
            };
            var overwrite = parse.GetValue(force);
            foreach (var (full, text) in files)
            {
                var relative = Path.GetRelativePath(ctx.WorkingDirectory, full).Replace('\\', '/');
                relative = relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
                if (File.Exists(full) || Directory.Exists(full))
                {
                    if (!overwrite)
                    {
                        await ctx.Out.WriteLineAsync($"kept     {relative} (exists; --force replaces it)").ConfigureAwait(false);
                        continue;
                    }

                    if (new FileInfo(full).LinkTarget is not null || Directory.Exists(full))
                    {
                        await ctx.Error.WriteLineAsync($"oauthguard init: {relative} is a symbolic link or a folder; not replaced").ConfigureAwait(false);
                        return CommandErrors.UsageOrSetupError;
                    }

                    if (await File.ReadAllTextAsync(full, ct).ConfigureAwait(false) == text)
                    {
                        await ctx.Out.WriteLineAsync($"same     {relative} (already up to date)").ConfigureAwait(false);
                        continue;
                    }
                }

                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct).ConfigureAwait(false);
                await ctx.Out.WriteLineAsync($"wrote    {relative}").ConfigureAwait(false);
            }

            var decided = apps.Count(a => a.IsDecided);
            var todo = apps.Count(a => a.NeedsDecision);
            var notNeeded = apps.Length - decided - todo;
            var without = notNeeded > 0 ? $", {notNeeded} without OAuth settings that need none" : "";
            await ctx.Out.WriteLineAsync($"{apps.Length} app(s) found: {decided} with an inferred client type, {todo} marked TODO in {InitFiles.ConfigPath}{without}.").ConfigureAwait(false);
            await ctx.Out.WriteLineAsync("Next: review the client types (and any TODO) in .oauthguard.yml, run `oauthguard scan`, then commit both files and open a pull request.").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    // The nearest folder at or above root holding .git (a folder, or a file in a linked worktree).
    internal static string? RepositoryRoot(string root)
    {
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    // origin/HEAD names the remote's default branch after a clone; else the checked-out branch; else main.
    internal static string DefaultBranch(string root)
    {
        foreach (var (file, prefix) in new[] { (Path.Combine(root, ".git", "refs", "remotes", "origin", "HEAD"), "ref: refs/remotes/origin/"), (Path.Combine(root, ".git", "HEAD"), "ref: refs/heads/") })
        {
            try
            {
                if (File.Exists(file) && File.ReadAllText(file).Trim() is { } head && head.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return head[prefix.Length..];
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable .git is no reason to fail: main is the usual default.
            }
        }

        return "main";
    }
}
