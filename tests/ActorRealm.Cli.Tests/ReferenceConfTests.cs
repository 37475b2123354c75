using ActorRealm.Hocon;
using ActorRealm.TestSupport;

namespace ActorRealm.Cli.Tests;

/// <summary><c>hocon/reference.conf</c> is generated from the modules' embedded parts, and every setting is documented.</summary>
public sealed class ReferenceConfTests
{
    private const string Regenerate = "run `dotnet run --project src/ActorRealm.Cli -- config reference > hocon/reference.conf`";

    [Fact]
    public void Hocon_reference_conf_equals_the_combined_module_references()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "hocon", "reference.conf");
        var (exit, output, _) = CliRunner.Run("config", "reference");
        Assert.Equal(0, exit);
        var onDisk = File.Exists(path) ? File.ReadAllText(path) : "(missing)";
        Assert.True(onDisk == output, $"hocon/reference.conf is out of date with the modules' reference.conf files: {Regenerate}");
    }

    [Fact]
    public void Every_module_part_parses_and_the_combination_resolves()
    {
        var parts = ReferenceCatalog.Parts();
        Assert.Contains(parts, p => p.Module == "ActorRealm.Server");
        foreach (var (module, text) in parts)
        {
            var config = ConfigFactory.ParseString(text, $"{module}/reference.conf");
            // ActorRealm's own settings, and Akka's defaults for the realm (ADR 0005).
            Assert.Contains("actorrealm", config.Keys);
            Assert.True(config.Keys.All(k => k is "actorrealm" or "akka"), $"{module}/reference.conf may only have the root keys 'actorrealm' and 'akka', not {string.Join(", ", config.Keys)}");
        }

        var resolved = ReferenceCatalog.Reference().Resolve(new Dictionary<string, string>());
        Assert.Equal(25520, resolved.GetInt("actorrealm.node.port"));
        Assert.Equal(25580, resolved.GetInt("actorrealm.node.admin-port"));
        Assert.Equal("127.0.0.1", resolved.GetString("actorrealm.node.host"));
        Assert.Equal("actorrealm", resolved.GetString("actorrealm.realm"));
        Assert.Equal("data", resolved.GetString("actorrealm.node.data-dir"));
    }

    [Fact]
    public void Every_setting_is_preceded_by_a_comment_line()
    {
        var undocumented = ReferenceCatalog.Parts().SelectMany(p => Undocumented(p.Module, p.Text)).ToList();
        Assert.True(undocumented.Count == 0, "settings without a comment line directly above them:\n" + string.Join('\n', undocumented));
    }

    [Fact]
    public void The_comment_check_catches_an_undocumented_key()
    {
        var text = "actorrealm {\n  # documented\n  a = 1\n  b = 2\n  // documented too\n  c { d = [1,\n 2] }\n}";
        Assert.Equal(["m: actorrealm.b (line 4)"], Undocumented("m", text));
    }

    private static IEnumerable<string> Undocumented(string module, string text)
    {
        var lines = text.Split('\n');
        foreach (var (key, value) in ConfigFactory.ParseString(text, module).Entries())
        {
            var line = value.Origin.Line;
            var above = line >= 2 ? lines[line - 2].Trim() : string.Empty;
            if (!above.StartsWith('#') && !above.StartsWith("//", StringComparison.Ordinal))
            {
                yield return $"{module}: {key} (line {line})";
            }
        }
    }
}
