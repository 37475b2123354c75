using System.Text.Json;

namespace ActorRealm.Cli.Tests;

[Collection(BenchmarksRunAlone.Name)]
public sealed class BenchRemoteCommandTests
{
    [Theory]
    [InlineData("off")]
    [InlineData("on")]
    public void Json_mode_prints_one_line_with_the_remote_figures_beside_the_baseline(string tls)
    {
        var (exit, output, error) = CliRunner.Run("bench", "remote", "--json", "--window", "100", "--seconds", "0.2", "--tls", tls);

        Assert.True(exit == 0, error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("remote", root.GetProperty("scenario").GetString());
        Assert.True(root.GetProperty("msgs_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("baseline_msgs_per_s").GetDouble() > 0);
        var ratio = root.GetProperty("ratio").GetDouble();
        var expected = root.GetProperty("msgs_per_s").GetDouble() / root.GetProperty("baseline_msgs_per_s").GetDouble();
        Assert.True(Math.Abs(expected - ratio) < 0.01, $"ratio {ratio}, figures give {expected}");
        Assert.True(root.GetProperty("p99_us").GetDouble() >= root.GetProperty("p50_us").GetDouble());
        Assert.Equal(100, root.GetProperty("window").GetInt32());
        Assert.Equal(tls == "on", root.GetProperty("tls").GetBoolean());
    }

    [Fact]
    public void A_window_other_than_1_or_100_is_a_usage_error() =>
        Assert.Equal(Program.UsageError, CliRunner.Run("bench", "remote", "--window", "7").Exit);
}
