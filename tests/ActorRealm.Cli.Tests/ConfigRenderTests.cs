using ActorRealm.TestSupport;

namespace ActorRealm.Cli.Tests;

public sealed class ConfigRenderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cli-config-{Guid.NewGuid():N}");

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
