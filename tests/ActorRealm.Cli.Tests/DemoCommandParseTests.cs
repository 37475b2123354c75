namespace ActorRealm.Cli.Tests;

/// <summary><c>actorrealm demo</c>'s options are checked before anything starts; the defaults alone are valid.</summary>
public sealed class DemoCommandParseTests
{
    [Fact]
    public void Demo_without_options_parses_with_the_default_layout()
    {
        var result = Program.BuildRoot().Parse(["demo"]);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("--sites", "main:3")]
    [InlineData("--sites", "main:3,dr:3", "--persistence-servers", "0")]
    [InlineData("--sites", "main:1,dr:1", "--persistence-servers", "5")]
    public void A_good_layout_parses(params string[] options) => Assert.Empty(Program.BuildRoot().Parse(["demo", .. options]).Errors);

    [Theory]
    [InlineData("--sites", "main:0")]
    [InlineData("--sites", "main:3", "--persistence-servers", "3")]
    [InlineData("--persistence-servers", "6")]
    [InlineData("--persistence-servers", "-1")]
    [InlineData("--sites", "main:3,dr:3", "--base-port", "65530")]
    public void A_bad_layout_is_a_usage_error_before_any_node_starts(params string[] options)
    {
        var (exit, _, error) = CliRunner.Run(["demo", .. options]);
        Assert.Equal(Program.UsageError, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
