using System.CommandLine;
using OAuthGuard.Cli.Commands;
using OAuthGuard.Configuration;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Init;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// <c>oauthguard init</c> over fixture repositories written here (the real metadata reader and the
/// bundled Rego classification): the files it writes, their validity against the schema and the
/// configuration loader, and that running it again changes nothing.
/// </summary>
public sealed class InitCommandTests : IDisposable
{
    private const string Dir = "force-app/main/default/connectedApps/";
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, _repo.Root, _ => null);
        var root = new RootCommand { InitCommand.Create(ctx) };
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string ConnectedApp(string label, string oauth, string extra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
            <contactEmail>team@example.com</contactEmail>
            <label>{label}</label>
        {extra}    <oauthConfig>
        {oauth}    </oauthConfig>
        </ConnectedApp>

        """;

    private void WriteAppsOfEveryKind()
    {
        // Private: a certificate (JWT bearer flow), on line 7.
        _repo.Write(Dir + "Jwt_Server.connectedApp-meta.xml", ConnectedApp("Jwt Server",
            "        <callbackUrl>https://jwt.example.com/cb</callbackUrl>\n        <certificate>MIIBszCCARygAwIBAgIJAKZ7sJzXcQ2PMA0GCSqGSIb3DQEBBQUAMBAxDjAMBgNVBAMMBXRlc3QxMB4XDTI0</certificate>\n        <isConsumerSecretOptional>false</isConsumerSecretOptional>\n"));
        // Public: a custom-scheme callback.
        _repo.Write(Dir + "Field_App.connectedApp-meta.xml", ConnectedApp("Field App",
            "        <callbackUrl>com.example.field:/oauth/done</callbackUrl>\n        <isPkceRequired>true</isPkceRequired>\n"));
        // Ambiguous: strong evidence on both sides (a certificate and a custom-scheme callback).
        _repo.Write(Dir + "Hybrid.connectedApp-meta.xml", ConnectedApp("Hybrid",
            "        <callbackUrl>hybrid://cb</callbackUrl>\n        <certificate>MIIBszCCARygAwIBAgIJAKZ7sJzXcQ2PMA0GCSqGSIb3DQEBBQUAMBAxDjAMBgNVBAMMBXRlc3QxMB4XDTI0</certificate>\n"));
        // Unknown: nothing tells.
        _repo.Write(Dir + "Mystery.connectedApp-meta.xml", ConnectedApp("Mystery",
            "        <isAdminApproved>true</isAdminApproved>\n"));
        // A canvas/SAML-only Connected App: no oauthConfig, so no OAuth rule judges it.
        _repo.Write(Dir + "Canvas_Only.connectedApp-meta.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                <canvasConfig>
                    <accessMethod>Post</accessMethod>
                    <canvasUrl>https://canvas.example.com/app</canvasUrl>
                    <locations>Visualforce</locations>
                </canvasConfig>
                <contactEmail>team@example.com</contactEmail>
                <label>Canvas Only</label>
            </ConnectedApp>

            """);
        // External Client App without committed global OAuth settings: nothing to judge from.
        _repo.Write("force-app/main/default/externalClientApps/Hub.eca-meta.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">
                <contactEmail>team@example.com</contactEmail>
                <distributionState>Local</distributionState>
                <isProtected>false</isProtected>
                <label>Hub</label>
            </ExternalClientApplication>

            """);
    }

    private string Read(string relative) => File.ReadAllText(Path.Combine(_repo.Root, relative));

    [Fact]
    public void Writes_one_declaration_per_app_with_its_evidence_and_todos_for_the_rest()
    {
        WriteAppsOfEveryKind();

        var (code, stdout, stderr) = Run("init");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.Contains("wrote    .oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.Contains("wrote    .github/workflows/oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.Contains("Next:", stdout, StringComparison.Ordinal);
        var config = Read(".oauthguard.yml");
        Assert.StartsWith("# yaml-language-server: $schema=" + ProjectInfo.ConfigSchemaUrl + "\n", config, StringComparison.Ordinal);
        Assert.Contains("  # private: a certificate is configured, strong evidence (Jwt_Server.connectedApp-meta.xml line 7)\n  Jwt_Server:\n    client: private\n", config, StringComparison.Ordinal);
        Assert.Contains("  # public: the custom-scheme callback com.example.field:/oauth/done, strong evidence (Field_App.connectedApp-meta.xml line 6)\n  Field_App:\n    client: public\n", config, StringComparison.Ordinal);
        Assert.Contains("  # TODO: ambiguous: a certificate is configured (Hybrid.connectedApp-meta.xml line 7) says private, but the custom-scheme callback hybrid://cb says public (strong evidence on both sides) (Hybrid.connectedApp-meta.xml line 6)\n", config, StringComparison.Ordinal);
        Assert.Contains("  Hybrid: {}\n", config, StringComparison.Ordinal);
        Assert.Contains("  # TODO: unknown: no evidence either way\n", config, StringComparison.Ordinal);
        Assert.Contains("  Mystery: {}\n", config, StringComparison.Ordinal);
        // No rule judges the client type of an app without OAuth settings: a comment, no TODO.
        Assert.Contains("  # Hub: no declaration needed, no rule judges its client type: its global OAuth settings file (.ecaGlblOauth) is not committed\n", config, StringComparison.Ordinal);
        Assert.Contains("  # Canvas_Only: no declaration needed, no rule judges its client type: the app has no oauthConfig, so it does no OAuth\n", config, StringComparison.Ordinal);
        Assert.DoesNotContain("  Hub:", config, StringComparison.Ordinal);
        Assert.DoesNotContain("  Canvas_Only:", config, StringComparison.Ordinal);
        Assert.Contains("6 app(s) found: 2 with an inferred client type, 2 marked TODO in .oauthguard.yml, 2 without OAuth settings that need none.", stdout, StringComparison.Ordinal);

        Assert.Empty(ConfigSchema.Validate(config));
        var (loaded, errors) = ConfigLoader.Parse(config, ".oauthguard.yml");
        Assert.Empty(errors);
        Assert.Equal(["Field_App:public", "Hybrid:", "Jwt_Server:private", "Mystery:"], loaded.Apps.Select(a => $"{a.Name}:{a.Client}"));
    }

    [Fact]
    public void The_evidence_line_points_at_the_element()
    {
        WriteAppsOfEveryKind();
        Run("init");

        var line = File.ReadAllLines(Path.Combine(_repo.Root, Dir + "Jwt_Server.connectedApp-meta.xml"))[6];
        Assert.Contains("<certificate>", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workflow_has_the_triggers_permissions_and_steps()
    {
        WriteAppsOfEveryKind();
        Run("init", "--default-branch", "trunk");

        var text = Read(".github/workflows/oauthguard.yml");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var on = (YamlMappingNode)root["on"];
        Assert.True(on.Children.ContainsKey("pull_request"));
        Assert.Equal("trunk", ((YamlSequenceNode)((YamlMappingNode)on["push"])["branches"]).Children.Single().ToString());
        var permissions = (YamlMappingNode)root["permissions"];
        Assert.Equal("read", permissions["contents"].ToString());
        Assert.Equal("write", permissions["pull-requests"].ToString());
        Assert.Equal("write", permissions["security-events"].ToString());
        Assert.Equal(3, permissions.Children.Count);
        var steps = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["jobs"])["oauthguard"])["steps"];
        var uses = steps.Children.Select(s => ((YamlMappingNode)s)["uses"].ToString()).ToList();
        Assert.Equal(["actions/checkout@v4", ProjectInfo.ActionReference, "github/codeql-action/upload-sarif@v3"], uses);
        Assert.Contains("fork-safe", text, StringComparison.Ordinal);
        Assert.Contains(ProjectInfo.ForkSafeDocs, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_branch_comes_from_git_else_main()
    {
        Assert.Equal("main", InitCommand.DefaultBranch(_repo.Root));
        _repo.Write(".git/HEAD", "ref: refs/heads/develop\n");
        Assert.Equal("develop", InitCommand.DefaultBranch(_repo.Root));
        _repo.Write(".git/refs/remotes/origin/HEAD", "ref: refs/remotes/origin/master\n");
        Assert.Equal("master", InitCommand.DefaultBranch(_repo.Root));
    }

    [Fact]
    public void In_a_project_folder_inside_a_repository_the_workflow_goes_to_the_repository_root()
    {
        _repo.Write(".git/HEAD", "ref: refs/heads/trunk\n");
        _repo.Write("salesforce/" + Dir + "Billing.connectedApp-meta.xml", ConnectedApp("Billing", "        <callbackUrl>myapp://cb</callbackUrl>\n"));

        var (code, stdout, _) = Run("init", "salesforce");

        Assert.Equal(0, code);
        Assert.Contains("wrote    salesforce/.oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.Contains("wrote    .github/workflows/oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.Contains("  Billing:\n    client: public\n", Read("salesforce/.oauthguard.yml"), StringComparison.Ordinal);
        var workflow = Read(".github/workflows/oauthguard.yml");
        Assert.Contains("        id: oauthguard\n        with:\n          path: 'salesforce'\n", workflow, StringComparison.Ordinal);
        Assert.Contains("branches: [trunk]", workflow, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo.Root, "salesforce", ".github", "workflows", "oauthguard.yml")));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(workflow));
    }

    [Fact]
    public void A_second_run_changes_nothing_with_or_without_force()
    {
        WriteAppsOfEveryKind();
        Run("init");
        var config = Read(".oauthguard.yml");
        var workflow = Read(".github/workflows/oauthguard.yml");

        var (code, stdout, _) = Run("init");
        Assert.Equal(0, code);
        Assert.Contains("kept     .oauthguard.yml (exists; --force replaces it)", stdout, StringComparison.Ordinal);
        Assert.Contains("kept     .github/workflows/oauthguard.yml", stdout, StringComparison.Ordinal);

        // The declarations written the first time must not feed back into the inference.
        (code, stdout, _) = Run("init", "--force");
        Assert.Equal(0, code);
        Assert.Contains("same     .oauthguard.yml (already up to date)", stdout, StringComparison.Ordinal);
        Assert.Contains("same     .github/workflows/oauthguard.yml (already up to date)", stdout, StringComparison.Ordinal);
        Assert.Equal(config, Read(".oauthguard.yml"));
        Assert.Equal(workflow, Read(".github/workflows/oauthguard.yml"));
    }

    [Fact]
    public void An_existing_configuration_is_kept_and_the_workflow_still_written()
    {
        WriteAppsOfEveryKind();
        _repo.Write(".oauthguard.yml", "fail-on: critical\n");

        var (code, stdout, _) = Run("init");

        Assert.Equal(0, code);
        Assert.Equal("fail-on: critical\n", Read(".oauthguard.yml"));
        Assert.Contains("kept     .oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.Contains("wrote    .github/workflows/oauthguard.yml", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_workflow_is_kept_and_force_replaces_both()
    {
        WriteAppsOfEveryKind();
        _repo.Write(".github/workflows/oauthguard.yml", "name: mine\n");
        _repo.Write(".oauthguard.yml", "fail-on: critical\n");

        var (code, stdout, _) = Run("init");
        Assert.Equal(0, code);
        Assert.Equal("name: mine\n", Read(".github/workflows/oauthguard.yml"));
        Assert.Contains("kept     .github/workflows/oauthguard.yml", stdout, StringComparison.Ordinal);

        (code, stdout, _) = Run("init", "--force");
        Assert.Equal(0, code);
        Assert.Contains("wrote    .oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.Contains("wrote    .github/workflows/oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.StartsWith(InitFiles.SchemaLine, Read(".oauthguard.yml"), StringComparison.Ordinal);
        Assert.Contains("permissions:", Read(".github/workflows/oauthguard.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repository_without_apps_gets_an_empty_apps_section()
    {
        _repo.Write("sfdx-project.json", "{}");

        var (code, stdout, _) = Run("init");

        Assert.Equal(0, code);
        var config = Read(".oauthguard.yml");
        Assert.Contains("apps: {}\n", config, StringComparison.Ordinal);
        Assert.Contains("0 app(s) found", stdout, StringComparison.Ordinal);
        Assert.Empty(ConfigSchema.Validate(config));
        Assert.Empty(ConfigLoader.Parse(config, ".oauthguard.yml").Errors);
    }

    [Fact]
    public void Text_from_the_metadata_cannot_break_out_of_its_comment()
    {
        _repo.Write(Dir + "Sneaky.connectedApp-meta.xml", ConnectedApp("Sneaky",
            "        <callbackUrl>myapp://cb&#10;fail-on: none&#10;apps:</callbackUrl>\n"));

        Assert.Equal(0, Run("init").Code);

        var config = Read(".oauthguard.yml");
        Assert.Empty(ConfigSchema.Validate(config));
        var (loaded, errors) = ConfigLoader.Parse(config, ".oauthguard.yml");
        Assert.Empty(errors);
        Assert.Equal(Findings.Severity.High, loaded.FailOn);
        Assert.Equal(["Sneaky:public"], loaded.Apps.Select(a => $"{a.Name}:{a.Client}"));
    }

    [Fact]
    public void A_broken_metadata_file_is_named_and_the_other_apps_still_inferred()
    {
        WriteAppsOfEveryKind();
        _repo.Write(Dir + "Broken.connectedApp-meta.xml", "<?xml version=\"1.0\"?>\n<ConnectedApp>\n  <oauthConfig>\n</ConnectedApp>\n");

        var (code, _, stderr) = Run("init");

        Assert.Equal(0, code);
        Assert.Contains(Dir + "Broken.connectedApp-meta.xml:4:", stderr, StringComparison.Ordinal);
        Assert.Contains("  Jwt_Server:\n    client: private\n", Read(".oauthguard.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_is_not_a_folder_exits_2()
    {
        var (code, _, stderr) = Run("init", "no-such-folder");

        Assert.Equal(2, code);
        Assert.Contains("'no-such-folder' is not a folder", stderr, StringComparison.Ordinal);
    }
}

/// <summary>The configuration text on its own (pure rendering).</summary>
public sealed class InitFilesTests
{
    [Fact]
    public void Apps_of_both_kinds_sharing_a_name_and_disagreeing_become_a_todo()
    {
        var config = InitFiles.Config(
        [
            new InferredClient("Portal", "connectedApp", "private", "a certificate is configured", "a/Portal.connectedApp-meta.xml", 9),
            new InferredClient("Portal", "externalClientApp", "public", "the custom-scheme callback app://cb", "b/Portal_glbl.ecaGlblOauth-meta.xml", 4),
        ]);

        Assert.Contains("  # TODO: ambiguous: the Connected App looks private (a certificate is configured (Portal.connectedApp-meta.xml line 9)); the External Client App looks public (the custom-scheme callback app://cb (Portal_glbl.ecaGlblOauth-meta.xml line 4))\n", config, StringComparison.Ordinal);
        Assert.Contains("  Portal: {}\n", config, StringComparison.Ordinal);
        Assert.Empty(ConfigSchema.Validate(config));
    }

    [Theory]
    [InlineData("Yes", "\"Yes\"")]
    [InlineData("has space", "\"has space\"")]
    [InlineData("quote\"d", "\"quote\\\"d\"")]
    [InlineData("Plain_Name", "Plain_Name")]
    public void Names_that_yaml_would_misread_are_quoted(string name, string key)
    {
        var config = InitFiles.Config([new InferredClient(name, "connectedApp", "public", "x", null, null)]);

        Assert.Contains($"  {key}:\n    client: public\n", config, StringComparison.Ordinal);
        var (loaded, errors) = ConfigLoader.Parse(config, ".oauthguard.yml");
        Assert.Empty(errors);
        Assert.Equal(name, Assert.Single(loaded.Apps).Name);
    }
}
