using System.Text.RegularExpressions;
using System.Xml.Linq;
using ActorRealm.TestKit;

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

    // Beside the designed entries: the developers' guide and the NuGet source. Build output folders are ignored by git.
    private static readonly string[] AllowedTopLevel = [.. RequiredTopLevel, "DEVELOPERS.md", "NuGet.config", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts"];

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

    private static IEnumerable<string> MsBuildFiles() =>
        Directory.EnumerateFiles(Root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"^\d+\.\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex LiteralVersion();
}
