using System.Text.RegularExpressions;
using System.Xml.Linq;
using ActorRealm.TestSupport;

namespace ActorRealm.Cli.Tests;

/// <summary>
/// The repository rules of the foundation issue, checked literally: the top-level layout, the classic solution file,
/// the strict root <c>Directory.Build.props</c>, central package versions, no <c>NoWarn</c> anywhere and the
/// <c>.editorconfig</c> style rules at warning severity.
/// </summary>
public sealed partial class BuildRulesTests
{
    private static readonly string[] RequiredTopLevel =
    [
        "src", "tests", "hocon", "docker", "docs", ".ci", "ActorRealm.sln", "README.md", "Directory.Build.props",
        "Directory.Packages.props", "global.json", ".editorconfig",
    ];

    // Beside the designed entries: the developers' guide, the NuGet source and the side-by-side benchmark scripts
    // (bench/compare-peers.sh, issue 12). Build output folders are ignored by git.
    private static readonly string[] AllowedTopLevel = [.. RequiredTopLevel, "DEVELOPERS.md", "NuGet.config", "bench", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts"];

    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void The_top_level_holds_exactly_the_designed_entries()
    {
        var entries = Directory.EnumerateFileSystemEntries(Root).Select(Path.GetFileName).OfType<string>().ToList();
        Assert.Empty(RequiredTopLevel.Except(entries, StringComparer.Ordinal));
        var unexpected = entries.Where(e => !e.StartsWith('.') && !AllowedTopLevel.Contains(e, StringComparer.Ordinal));
        Assert.Empty(unexpected);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(Path.Combine(Root, ".ci", "run")) & UnixFileMode.UserExecute) != 0, ".ci/run is not executable");
        }
    }

    [Fact]
    public void The_solution_is_a_classic_sln_listing_every_project()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "ActorRealm.sln")).TrimStart('\uFEFF', '\r', '\n');
        Assert.StartsWith("Microsoft Visual Studio Solution File, Format Version 12.00", solution, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Root, "*.slnx"));
        var projects = MsBuildFiles()
            .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Root, p).Replace('/', '\\'))
            .ToList();
        Assert.Contains(@"src\ActorRealm.Cli\ActorRealm.Cli.csproj", projects);
        Assert.DoesNotContain(projects, p => !solution.Contains($"\"{p}\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_root_build_props_are_strict()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Root!;
        var unconditional = props.Elements("PropertyGroup").Where(g => g.Attribute("Condition") is null).Elements().ToList();
        string? Value(string name) => unconditional.LastOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("net10.0", Value("TargetFramework"));
        Assert.Equal("enable", Value("Nullable"));
        Assert.Equal("true", Value("TreatWarningsAsErrors"));
        Assert.Equal("true", Value("EnforceCodeStyleInBuild"));
        Assert.StartsWith("latest", Value("AnalysisLevel"), StringComparison.Ordinal);
        Assert.Null(Value("ContinuousIntegrationBuild"));

        var ci = Assert.Single(props.Elements("PropertyGroup"), g => g.Element("ContinuousIntegrationBuild") is not null);
        Assert.Equal("'$(CI)' == 'true'", ci.Attribute("Condition")?.Value);
        Assert.Equal("true", ci.Element("ContinuousIntegrationBuild")!.Value);
    }

    [Fact]
    public void Package_versions_are_central_and_literal()
    {
        var central = XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Root!;
        Assert.Equal("true", central.Descendants("ManagePackageVersionsCentrally").Single().Value);
        var versions = central.Descendants("PackageVersion").ToList();
        Assert.NotEmpty(versions);
        Assert.All(versions, v => Assert.Matches(LiteralVersion(), v.Attribute("Version")?.Value ?? string.Empty));

        foreach (var project in MsBuildFiles().Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            var versioned = XDocument.Load(project).Descendants("PackageReference").Where(r => r.Attribute("Version") is not null);
            Assert.True(!versioned.Any(), $"{Path.GetRelativePath(Root, project)} gives a package version; versions belong in Directory.Packages.props");
        }
    }

    [Fact]
    public void No_msbuild_file_suppresses_warnings_with_NoWarn()
    {
        var offenders = MsBuildFiles()
            .Where(f => XDocument.Load(f).Descendants().Any(e => e.Name.LocalName == "NoWarn"))
            .Select(f => Path.GetRelativePath(Root, f));
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_chosen_style_rules_are_warnings()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, ".editorconfig")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("end_of_line = lf", lines);
        Assert.Contains("csharp_style_namespace_declarations = file_scoped:warning", lines);
        Assert.Contains("dotnet_diagnostic.IDE0161.severity = warning", lines);
        Assert.Contains("dotnet_naming_style.underscore_camel.required_prefix = _", lines);
        Assert.Contains("dotnet_naming_style.underscore_camel.capitalization = camel_case", lines);
        Assert.Contains("dotnet_naming_rule.private_fields_underscore.severity = warning", lines);
        Assert.Contains("dotnet_diagnostic.IDE1006.severity = warning", lines);
        Assert.Contains("dotnet_diagnostic.IDE0005.severity = warning", lines);
    }

    /// <summary>
    /// Issue 10: the realm runs on Akka.NET. No home-made runtime, transport or journal project is
    /// left, and the solution uses Akka.Cluster, Akka.Persistence.Sql, Akka.TestKit.Xunit2 and
    /// Serilog.Sinks.Console.
    /// </summary>
    [Fact]
    public void The_realm_runs_on_akka_net_and_the_retired_runtime_is_gone()
    {
        Assert.False(Directory.Exists(Path.Combine(Root, "src", "ActorRealm.Actors")), "src/ActorRealm.Actors (the retired actor runtime) is back");
        Assert.False(Directory.Exists(Path.Combine(Root, "src", "ActorRealm.Remote")), "src/ActorRealm.Remote (the retired transport) is back");
        var packages = MsBuildFiles()
            .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal))
            .SelectMany(f => XDocument.Load(f).Descendants("PackageReference").Select(r => r.Attribute("Include")?.Value))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["Akka.Cluster", "Akka.Persistence.Sql", "Akka.TestKit.Xunit2", "Serilog.Sinks.Console", "Akka.Hosting", "Akka.Cluster.Tools"], StringComparer.Ordinal), packages);
    }

    /// <summary>
    /// The external ClusterClient test is a program another team could write: the only ActorRealm
    /// assembly it references is the contracts library (the CLI it starts as a process is built
    /// first, not referenced).
    /// </summary>
    [Fact]
    public void The_external_client_references_no_actorrealm_assembly_but_the_contracts()
    {
        var project = XDocument.Load(Path.Combine(Root, "tests", "ActorRealm.ExternalClient.Tests", "ActorRealm.ExternalClient.Tests.csproj"));
        var referenced = project.Descendants("ProjectReference")
            .Where(r => !string.Equals(r.Attribute("ReferenceOutputAssembly")?.Value, "false", StringComparison.OrdinalIgnoreCase))
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value));
        Assert.Equal(["ActorRealm.Contracts"], referenced);
    }

    private static IEnumerable<string> MsBuildFiles() =>
        Directory.EnumerateFiles(Root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"^\d+\.\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex LiteralVersion();
}
