using System.CommandLine;

namespace ActorRealm.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public void Version_option_prints_the_assembly_version()
    {
        var (exit, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, exit);
        Assert.StartsWith("0.1.0", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_program_description()
    {
        var (exit, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("two-site clustered messaging", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_command_is_an_error()
    {
        var (exit, _, error) = CliRunner.Run("no-such-command");
        Assert.Equal(Program.UsageError, exit);
        Assert.Contains("no-such-command", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "publsh", "--help" }, "'publsh' is not a command or option of actorrealm. Did you mean 'publish'?")]
    [InlineData(new[] { "persistence", "cutovr", "--help" }, "'cutovr' is not a command or option of 'persistence'. Did you mean 'cutover'?")]
    [InlineData(new[] { "--help", "frobnicate" }, "'frobnicate' is not a command or option of actorrealm. See 'actorrealm --help'.")]
    public void An_unknown_command_with_help_is_an_error_naming_the_nearest_not_the_parents_help(string[] args, string expected)
    {
        var (exit, output, error) = CliRunner.Run(args);

        Assert.Equal(Program.UsageError, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData(new[] { "bench", "publish", "--scenario", "sync", "--msgs", "ten" }, "error: 'ten' is not a valid value for --msgs: expected a whole number.", "See 'actorrealm bench publish --help'.")]
    [InlineData(new[] { "chaos", "--minutes", "-1" }, "error: --minutes must lie within", "See 'actorrealm chaos --help'.")]
    [InlineData(new[] { "chaos", "--cycles", "-2" }, "error: --cycles must be 0 (no limit but --minutes) or more.", "See 'actorrealm chaos --help'.")]
    [InlineData(new[] { "chaos", "--mistaken-switch-every", "5" }, "error: --mistaken-switch-every needs --partitions", "See 'actorrealm chaos --help'.")]
    [InlineData(new[] { "chaos", "--partitions", "--mistaken-switch-every", "-1" }, "error: --mistaken-switch-every must be 0 (never) or more.", "See 'actorrealm chaos --help'.")]
    [InlineData(new[] { "publsh" }, "error: 'publsh' is not a command or option of actorrealm. Did you mean 'publish'?", "")]
    [InlineData(new[] { "persistence", "status", "--admn", "127.0.0.1:1" }, "'--admn' is not a command or option of 'status'. Did you mean '--admin'?", "")]
    public void A_bad_command_line_is_a_plain_error_with_where_to_find_help_not_the_help_page(string[] args, string expected, string helpHint)
    {
        var (exit, output, error) = CliRunner.Run(args);

        Assert.Equal(Program.UsageError, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(helpHint, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", output + error, StringComparison.Ordinal);
    }
}

/// <summary>Runs the CLI in-process with captured output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var exit = Program.Run(args, config);
        return (exit, output.ToString(), error.ToString());
    }
}
