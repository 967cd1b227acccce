using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>Parses every added module; each parse error is reported and the other modules still parse.</summary>
internal sealed class ParseModules : ICompilerStage
{
    public string Name => "ParseModules";

    public void Run(CompilationContext context)
    {
        foreach (var (path, source) in context.Sources)
        {
            var module = RegoParser.ParseModule(new SourceText(path, source), context.Ids, context.Diagnostics);
            if (module is not null)
            {
                context.Modules.Add(module);
            }
        }
    }
}
