using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

public sealed class DiscoveryTests
{
    private const string Minimal = "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\"><label>x</label></ConnectedApp>";

    [Theory]
    [InlineData("A.connectedApp-meta.xml", "ConnectedApp", MetadataFormat.Source, "A")]
    [InlineData("A.connectedApp", "ConnectedApp", MetadataFormat.Mdapi, "A")]
    [InlineData("My.App.connectedApp-meta.xml", "ConnectedApp", MetadataFormat.Source, "My.App")]
    [InlineData("P.eca-meta.xml", "ExternalClientApplication", MetadataFormat.Source, "P")]
    [InlineData("P_oauth.ecaOauth-meta.xml", "ExtlClntAppOauthSettings", MetadataFormat.Source, "P_oauth")]
    [InlineData("P_glbl.ecaGlblOauth", "ExtlClntAppGlobalOauthSettings", MetadataFormat.Mdapi, "P_glbl")]
    [InlineData("P.ecaOauthPlcy-meta.xml", "ExtlClntAppOauthConfigurablePolicies", MetadataFormat.Source, "P")]
    [InlineData("P.ecaPlcy-meta.xml", "ExtlClntAppConfigurablePolicies", MetadataFormat.Source, "P")]
    [InlineData("P.ecaOauthSecurity-meta.xml", "ExtlClntAppOauthSecuritySettings", MetadataFormat.Source, "P")]
    [InlineData("P.ecaSamlPlcy-meta.xml", "ExtlClntAppSamlConfigurablePolicies", MetadataFormat.Source, "P")]
    [InlineData("P.ecaCanvas-meta.xml", "ExtlClntAppCanvasSettings", MetadataFormat.Source, "P")]
    public void Suffixes_are_matched_exactly(string fileName, string type, MetadataFormat format, string fullName)
    {
        Assert.True(MetadataKind.TryMatch(fileName, out var kind, out var actualFormat, out var actualName));
        Assert.Equal((type, format, fullName), (kind.TypeName, actualFormat, actualName));
    }

    [Theory]
    [InlineData("A.connectedapp-meta.xml")]
    [InlineData("A.ConnectedApp-meta.xml")]
    [InlineData("P.ecaGlblOAuth-meta.xml")]
    [InlineData("A.connectedApp-meta.XML")]
    [InlineData("A.connectedApp.xml")]
    [InlineData(".connectedApp-meta.xml")]
    [InlineData("connected-app-oauth.xml")]
    [InlineData("A.connectedApp-meta.xml.bak")]
    public void Names_that_differ_in_case_or_form_are_not_metadata(string fileName) =>
        Assert.False(MetadataKind.TryMatch(fileName, out _, out _, out _));

    [Fact]
    public void Files_are_found_in_any_folder_and_tool_folders_are_skipped()
    {
        using var repo = new TempRepo();
        repo.Write("force-app/main/default/connectedApps/A.connectedApp-meta.xml", Minimal);
        repo.Write("metadataTemplates/x/y/B.connectedApp-meta.xml", Minimal);
        repo.Write("mdapi/connectedApps/C.connectedApp", Minimal);
        repo.Write("README.connectedApp.md", "not metadata");
        foreach (var skipped in new[] { ".git", "node_modules", ".sfdx", ".sf", "sub/node_modules" })
        {
            repo.Write(skipped + "/S.connectedApp-meta.xml", Minimal);
        }

        var snapshot = repo.Load();
        Assert.Equal(
            ["force-app/main/default/connectedApps/A.connectedApp-meta.xml", "mdapi/connectedApps/C.connectedApp", "metadataTemplates/x/y/B.connectedApp-meta.xml"],
            snapshot.Files.Select(f => f.Path));
        Assert.Empty(snapshot.Diagnostics);
    }

    [Fact]
    public void Forceignore_patterns_are_honoured_with_gitignore_rules()
    {
        using var repo = new TempRepo();
        repo.Write(".forceignore", "# comment\n**/templates/**\nscratch/\n*.connectedApp\n!keep/*.connectedApp\n/rootonly/X.connectedApp-meta.xml\n");
        repo.Write("force-app/A.connectedApp-meta.xml", Minimal);
        repo.Write("scripts/templates/T.connectedApp-meta.xml", Minimal);
        repo.Write("scratch/S.connectedApp-meta.xml", Minimal);
        repo.Write("mdapi/M.connectedApp", Minimal);
        repo.Write("keep/K.connectedApp", Minimal);
        repo.Write("rootonly/X.connectedApp-meta.xml", Minimal);
        repo.Write("deep/rootonly/X.connectedApp-meta.xml", Minimal);

        var snapshot = repo.Load();
        Assert.Equal(
            ["deep/rootonly/X.connectedApp-meta.xml", "force-app/A.connectedApp-meta.xml", "keep/K.connectedApp"],
            snapshot.Files.Select(f => f.Path));
        var notes = snapshot.Diagnostics.Where(d => d.Code == DiagnosticCodes.Ignored).ToList();
        Assert.Equal(["mdapi/M.connectedApp", "rootonly/X.connectedApp-meta.xml", "scripts/templates/T.connectedApp-meta.xml"], notes.Select(d => d.File));
        Assert.All(notes, d => Assert.Equal(DiagnosticLevel.Note, d.Level));
        Assert.Contains(".forceignore line 4", notes[0].Message, StringComparison.Ordinal);

        var unignored = repo.Load(new MetadataLoadOptions { HonourForceIgnore = false });
        Assert.Equal(7, unignored.Files.Count);
    }

    [Fact]
    public void A_package_folder_scanned_on_its_own_honours_the_project_forceignore()
    {
        // `oauthguard scan integrations` (or the action's path: input) inside an SFDX project: the
        // Salesforce CLI applies the project root's .forceignore, patterns relative to that root.
        using var repo = new TempRepo();
        repo.Write("sfdx-project.json", "{\"packageDirectories\": [{\"path\": \"force-app\"}, {\"path\": \"integrations\"}]}");
        repo.Write(".forceignore", "integrations/main/default/connectedApps/Scratch.connectedApp-meta.xml\n**/templates/**\n");
        repo.Write("integrations/main/default/connectedApps/Scratch.connectedApp-meta.xml", Minimal);
        repo.Write("integrations/main/default/connectedApps/Kept.connectedApp-meta.xml", Minimal);
        repo.Write("integrations/templates/T.connectedApp-meta.xml", Minimal);

        var snapshot = MetadataRepository.Load(Path.Combine(repo.Root, "integrations"));

        Assert.Equal(["main/default/connectedApps/Kept.connectedApp-meta.xml"], snapshot.Files.Select(f => f.Path));
        var notes = snapshot.Diagnostics.Where(d => d.Code == DiagnosticCodes.Ignored).ToList();
        Assert.Equal(["main/default/connectedApps/Scratch.connectedApp-meta.xml", "templates/T.connectedApp-meta.xml"], notes.Select(d => d.File));
        Assert.Contains("../.forceignore line 1", notes[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forceignore_above_the_repository_root_is_not_used()
    {
        // Only the SFDX project the scanned folder belongs to counts: not past the .git folder.
        using var repo = new TempRepo();
        repo.Write("sfdx-project.json", "{\"packageDirectories\": [{\"path\": \"force-app\"}]}");
        repo.Write(".forceignore", "**/Hidden.connectedApp-meta.xml\n");
        repo.Write("nested/.git/HEAD", "ref: refs/heads/main\n");
        repo.Write("nested/force-app/Hidden.connectedApp-meta.xml", Minimal);

        var snapshot = MetadataRepository.Load(Path.Combine(repo.Root, "nested", "force-app"));

        Assert.Equal(["Hidden.connectedApp-meta.xml"], snapshot.Files.Select(f => f.Path));
    }

    [Theory]
    [InlineData("*.dup", "a/b/x.dup", true)]
    [InlineData("**/jsconfig.json", "force-app/lwc/jsconfig.json", true)]
    [InlineData("force-app/**/profiles", "force-app/main/default/profiles", true)]
    [InlineData("force-app/**/profiles", "other/main/default/profiles", false)]
    [InlineData("a?c", "x/abc", true)]
    [InlineData("[ab]*.xml", "b1.xml", true)]
    [InlineData("[!ab]*.xml", "b1.xml", false)]
    [InlineData("/top.xml", "sub/top.xml", false)]
    [InlineData("\\#hash", "#hash", true)]
    public void Forceignore_patterns(string pattern, string path, bool ignored) =>
        Assert.Equal(ignored, ForceIgnore.Parse(pattern).IsIgnored(path));

    [Fact]
    public void A_bad_forceignore_pattern_is_a_warning_at_its_line_and_the_others_still_apply()
    {
        using var repo = new TempRepo();
        repo.Write(".forceignore", "# comment\n[z-a]\nscratch/\n");
        repo.Write("force-app/A.connectedApp-meta.xml", Minimal);
        repo.Write("scratch/S.connectedApp-meta.xml", Minimal);

        var snapshot = repo.Load();

        Assert.Equal(["force-app/A.connectedApp-meta.xml"], snapshot.Files.Select(f => f.Path));
        var warning = Assert.Single(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.ProjectFileError);
        Assert.Equal((".forceignore", 2, DiagnosticLevel.Warning), (warning.File, warning.Line, warning.Level));
        Assert.Equal("pattern '[z-a]' is not a valid glob ([x-y] range in reverse order); it is not applied", warning.Message);
    }

    [Fact]
    public void A_forceignore_pattern_built_to_backtrack_is_matched_in_linear_time()
    {
        // A glob of many stars against a long name that almost matches: a backtracking regex tries every way to split
        // the name between the stars (about 40^20 here) and never finishes; the scan must not hang on a committed file.
        var pattern = "S" + string.Concat(Enumerable.Repeat("*a", 20)) + "*.zml";
        var name = "force-app/main/default/connectedApps/S" + new string('a', 40) + ".connectedApp-meta.xml";

        var ignore = ForceIgnore.Parse(pattern);

        Assert.False(ignore.IsIgnored(name));
        Assert.True(ignore.IsIgnored("S" + new string('a', 40) + ".zml"));
    }

    [Fact]
    public void Sfdx_project_json_is_read_and_a_broken_one_is_reported()
    {
        using var repo = new TempRepo();
        repo.Write("sfdx-project.json", "{ \"packageDirectories\": [ { \"path\": \"./force-app/\", \"default\": true }, { \"path\": \"unpackaged\" } ], \"sourceApiVersion\": \"62.0\" }");
        var project = repo.Load().Project!;
        Assert.Equal(["force-app", "unpackaged"], project.PackageDirectories);
        Assert.Equal("62.0", project.SourceApiVersion);
        Assert.True(project.Contains("force-app/main/default/connectedApps/A.connectedApp-meta.xml"));
        Assert.False(project.Contains("metadataTemplates/A.connectedApp-meta.xml"));

        repo.Write("sfdx-project.json", "{ \"packageDirectories\": [\n  oops ] }");
        var broken = repo.Load();
        Assert.Null(broken.Project);
        var diagnostic = Assert.Single(broken.Diagnostics);
        Assert.Equal((DiagnosticCodes.ProjectFileError, "sfdx-project.json", 2), (diagnostic.Code, diagnostic.File, diagnostic.Line));
    }

    [Fact]
    public void Symlink_loops_are_reported_and_the_walk_finishes()
    {
        using var repo = new TempRepo();
        repo.Write("force-app/A.connectedApp-meta.xml", Minimal);
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "force-app", "loop"), Path.Combine(repo.Root, "force-app"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "self"), repo.Root);
        File.CreateSymbolicLink(Path.Combine(repo.Root, "a.connectedApp-meta.xml"), Path.Combine(repo.Root, "b.connectedApp-meta.xml"));
        File.CreateSymbolicLink(Path.Combine(repo.Root, "b.connectedApp-meta.xml"), Path.Combine(repo.Root, "a.connectedApp-meta.xml"));

        var snapshot = repo.Load();
        Assert.Equal(["force-app/A.connectedApp-meta.xml"], snapshot.Files.Select(f => f.Path));
        var loops = snapshot.Diagnostics.Where(d => d.Code == DiagnosticCodes.SymlinkLoop).Select(d => d.File).Order(StringComparer.Ordinal);
        Assert.Equal(["a.connectedApp-meta.xml", "b.connectedApp-meta.xml", "force-app/loop", "self"], loops);
    }

    [Fact]
    public void Folder_links_are_not_walked_twice_and_links_outside_or_dangling_are_reported()
    {
        using var outside = new TempRepo();
        outside.Write("Outside.connectedApp-meta.xml", Minimal);
        using var repo = new TempRepo();
        repo.Write("real/R.connectedApp-meta.xml", Minimal);
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "alias"), Path.Combine(repo.Root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "escape"), outside.Root);
        File.CreateSymbolicLink(Path.Combine(repo.Root, "Dangling.connectedApp-meta.xml"), Path.Combine(repo.Root, "missing.xml"));
        repo.Write("templates/app.xml", Minimal);
        File.CreateSymbolicLink(Path.Combine(repo.Root, "Linked.connectedApp-meta.xml"), Path.Combine(repo.Root, "templates", "app.xml"));

        var snapshot = repo.Load();
        Assert.Equal(["Linked.connectedApp-meta.xml", "real/R.connectedApp-meta.xml"], snapshot.Files.Select(f => f.Path));
        Assert.All(snapshot.Files, f => Assert.True(f.IsParsed));
        Assert.Contains(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.SymlinkOutsideRoot && d.File == "escape");
        Assert.Contains(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.UnreadableFile && d.File == "Dangling.connectedApp-meta.xml");
    }

    [Fact]
    public void A_single_file_can_be_loaded()
    {
        using var repo = new TempRepo();
        var path = repo.CopyFixture("Billing.connectedApp-meta.xml", "x/Billing.connectedApp-meta.xml");
        var snapshot = MetadataRepository.Load(path);
        Assert.Equal("Billing.connectedApp-meta.xml", Assert.Single(snapshot.Apps.ConnectedApps).File.Path);
    }

    [Fact]
    public void A_missing_path_throws_a_clear_exception()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => MetadataRepository.Load("/no/such/oauthguard/path"));
        Assert.Contains("/no/such/oauthguard/path", ex.Message, StringComparison.Ordinal);
    }
}
