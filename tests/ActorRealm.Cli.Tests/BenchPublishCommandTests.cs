namespace ActorRealm.Cli.Tests;

/// <summary><c>actorrealm bench publish</c>'s options are checked before any realm is started.</summary>
public sealed class BenchPublishCommandTests
{
    [Theory]
    [InlineData("--scenario", "failover", "--kill-after", "30", "--failover-seconds", "20")]
    [InlineData("--scenario", "failover", "--kill-after", "0")]
    [InlineData("--scenario", "failover", "--size", "3")]
    [InlineData("--scenario", "crash")]
    public void Bad_options_are_usage_errors(params string[] options)
    {
        var (exit, _, error) = CliRunner.Run(["bench", "publish", .. options]);

        Assert.Equal(Program.UsageError, exit);
        Assert.NotEmpty(error);
    }
}
