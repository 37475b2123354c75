using ActorRealm.TestSupport;

namespace ActorRealm.Cli.Tests;

public sealed class ConfigRenderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cli-config-{Guid.NewGuid():N}");

    /// <summary>A node configuration a node accepts (with warnings: no admin auth, plaintext, a single site).</summary>
    private const string ValidNode = """
        actorrealm {
          node { name = "n1", site = "main", admin.auth = off }
          cluster.sites.main { prime = true, nodes = ["127.0.0.1:25520"] }
          remote { join-secret = "a-secret", transport.tls.enabled = off }
        }
        """;

    public ConfigRenderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Renders_the_resolved_file_as_json()
    {
        var file = Write("app.conf", "a { b = 1, c = ${a.b} }\nlist = [x, y]");
        var (exit, output, error) = CliRunner.Run("config", "render", file);
        Assert.Equal(0, exit);
        Assert.Equal("{\n  \"a\": {\n    \"b\": 1,\n    \"c\": 1\n  },\n  \"list\": [\n    \"x\",\n    \"y\"\n  ]\n}\n", output);
        Assert.Empty(error);
    }

    [Fact]
    public void Reports_parse_errors_with_position_on_stderr_and_exit_1()
    {
        var file = Write("bad.conf", "a = 1\nb = {\n");
        var (exit, output, error) = CliRunner.Run("config", "render", file);
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal($"{file}:3:1: expected '}}' to close the object opened at 2:5, found end of input", error.Trim());
    }

    [Fact]
    public void Reports_unresolvable_substitutions_and_missing_files()
    {
        var file = Write("sub.conf", "a = ${nope}");
        var (exit, _, error) = CliRunner.Run("config", "render", file);
        Assert.Equal(1, exit);
        Assert.StartsWith($"{file}:1:5: could not resolve substitution ${{nope}}", error, StringComparison.Ordinal);

        var missing = Path.Combine(_dir, "missing.conf");
        (exit, _, error) = CliRunner.Run("config", "render", missing);
        Assert.Equal(1, exit);
        Assert.Equal($"{missing}: file not found", error.Trim());
    }

    [Fact]
    public void Validate_reports_unknown_settings_and_node_problems_with_their_place_and_exit_1()
    {
        Write("ok.conf", ValidNode);
        var file = Write("node.conf", "include \"ok.conf\"\nactorrealm.cluster.downing.stable-aftr = 3s\n");
        var bad = Write("bad.conf", "include \"ok.conf\"\nactorrealm.node.port = \"abc\"\n");

        var (exit, output, error) = CliRunner.Run("config", "validate", file);
        var (badExit, _, badError) = CliRunner.Run("config", "validate", bad);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains($"{file}:2:42: unknown setting 'actorrealm.cluster.downing.stable-aftr' is ignored; did you mean 'actorrealm.cluster.downing.stable-after'?", error, StringComparison.Ordinal);
        Assert.Contains("warning: The admin API has no authentication", error, StringComparison.Ordinal);
        Assert.Contains($"1 problem in {file}.", error, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains($"{bad}:2:24: 'actorrealm.node.port': expected an integer, found the string 'abc'", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_a_valid_node_configuration()
    {
        var file = Write("ok.conf", ValidNode);

        var (exit, output, _) = CliRunner.Run("config", "validate", file);

        Assert.Equal(0, exit);
        Assert.Equal($"{file}: valid, with 3 warnings.", output.Trim());
    }

    [Fact]
    public void A_directory_is_named_as_one()
    {
        var (exit, _, error) = CliRunner.Run("config", "render", _dir);
        Assert.Equal(1, exit);
        Assert.Equal($"{_dir}: is a directory, not a file", error.Trim());
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(Program.UsageError, CliRunner.Run("config", "render").Exit);
        Assert.Equal(Program.UsageError, CliRunner.Run("config", "render", "a.conf", "--bogus").Exit);
        Assert.Equal(Program.UsageError, CliRunner.Run("config").Exit);
    }

    [Fact]
    public void With_reference_layers_module_defaults_that_the_file_can_refer_to()
    {
        var file = Write("user.conf", "actorrealm.node.host = \"10.0.0.7\"\nseed = ${actorrealm.node.host}\":\"${actorrealm.node.port}");
        var (exit, output, error) = CliRunner.Run("config", "render", file, "--with-reference");
        Assert.True(exit == 0, error);
        Assert.Contains("\"seed\": \"10.0.0.7:25520\"", output, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"10.0.0.7:25520\"", output, StringComparison.Ordinal);
        Assert.Contains("\"realm\": \"actorrealm\"", output, StringComparison.Ordinal);

        (exit, _, error) = CliRunner.Run("config", "render", file);
        Assert.Equal(1, exit);
        Assert.Contains("could not resolve substitution ${actorrealm.node.port}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_main_command_renders_the_reference()
    {
        var reference = Path.Combine(RepositoryRoot.Find(), "hocon", "reference.conf");
        var (exit, output, error) = CliRunner.Run("config", "render", reference);
        Assert.True(exit == 0, error);
        Assert.Contains("\"port\": 25520", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_environment_applies_actorrealm_overrides_on_top()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var variable = $"ACTORREALM__CLITEST{suffix}__DATA_DIR";
        var file = Write("env.conf", $"actorrealm.clitest{suffix}.data-dir = from-file");
        Environment.SetEnvironmentVariable(variable, "/from/env");
        try
        {
            var (exit, output, error) = CliRunner.Run("config", "render", file, "--with-environment");
            Assert.True(exit == 0, error);
            Assert.Contains("\"data-dir\": \"/from/env\"", output, StringComparison.Ordinal);
            (_, output, _) = CliRunner.Run("config", "render", file);
            Assert.Contains("\"data-dir\": \"from-file\"", output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
