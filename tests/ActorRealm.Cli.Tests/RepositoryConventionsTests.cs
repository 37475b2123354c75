using ActorRealm.TestSupport;

namespace ActorRealm.Cli.Tests;

/// <summary>House rules no compiler analyzer enforces: LF line endings and no regions.</summary>
public sealed class RepositoryConventionsTests
{
    private static readonly string[] TextExtensions = [".cs", ".csproj", ".props", ".conf", ".md", ".proto", ".sh", ".json"];

    // Built from parts so this file does not match itself.
    private static readonly string RegionMarker = "#" + "region";

    [Fact]
    public void Source_files_use_lf_and_have_no_regions()
    {
        var root = RepositoryRoot.Find();
        var offenders = new List<string>();
        foreach (var file in EnumerateSources(root))
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(root, file);
            if (text.Contains('\r', StringComparison.Ordinal))
            {
                offenders.Add($"{relative}: CRLF line ending");
            }

            if (file.EndsWith(".cs", StringComparison.Ordinal) && text.Contains(RegionMarker, StringComparison.Ordinal))
            {
                offenders.Add($"{relative}: region directive");
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    private static IEnumerable<string> EnumerateSources(string root)
    {
        foreach (var top in new[] { "src", "tests", "hocon", "docs", "docker" })
        {
            var dir = Path.Combine(root, top);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var separator = Path.DirectorySeparatorChar;
                if (file.Contains($"{separator}bin{separator}", StringComparison.Ordinal) ||
                    file.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
                {
                    continue;
                }

                if (TextExtensions.Contains(Path.GetExtension(file)))
                {
                    yield return file;
                }
            }
        }
    }
}
