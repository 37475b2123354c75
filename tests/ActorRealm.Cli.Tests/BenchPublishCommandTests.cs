namespace ActorRealm.Cli.Tests;

/// <summary><c>actorrealm bench publish</c>'s options are checked before any realm is started.</summary>
public sealed class BenchPublishCommandTests
{
    [Theory]
    [InlineData("--scenario", "failover", "--kill-after", "30", "--failover-seconds", "20")]
    [InlineData("--scenario", "failover", "--kill-after", "0")]
    [InlineData("--scenario", "failover", "--size", "3")]
    [InlineData("--scenario", "crash")]
    [InlineData("--scenario", "sync", "--msgs", "0")]
    [InlineData("--scenario", "window", "--msgs", "5000001")]
    [InlineData("--scenario", "window", "--inflight", "0")]
    [InlineData("--scenario", "sync", "--warmup", "-1")]
    [InlineData("--scenario", "sync", "--publish-timeout-ms", "0")]
    [InlineData("--scenario", "sync", "--max-seconds", "0")]
    [InlineData("--scenario", "sync", "--msgs", "ten")]
    [InlineData("--scenario", "window", "--size", "7")]
    [InlineData("--msgs", "100")]
    [InlineData("--baseline", "--msgs", "100")]
    [InlineData("--baseline", "--scenario", "failover")]
    public void Bad_options_are_usage_errors(params string[] options)
    {
        var (exit, _, error) = CliRunner.Run(["bench", "publish", .. options]);

        Assert.Equal(Program.UsageError, exit);
        Assert.NotEmpty(error);
    }
}
