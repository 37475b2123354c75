using System.Text.Json;

namespace ActorRealm.Cli.Tests;

public sealed class BenchActorsCommandTests
{
    [Fact]
    public void Json_output_is_one_line_with_the_documented_shape()
    {
        var (exit, output, error) = CliRunner.Run("bench", "actors", "--json", "--seconds", "0.4", "--actors", "20000");
        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(
            ["scenario", "pingpong_msgs_per_s", "baseline_msgs_per_s", "ratio", "spawn_per_s", "bytes_per_actor"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("actors", root.GetProperty("scenario").GetString());
        foreach (var name in new[] { "pingpong_msgs_per_s", "baseline_msgs_per_s", "ratio", "spawn_per_s", "bytes_per_actor" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(name).ValueKind);
            Assert.True(root.GetProperty(name).GetDouble() > 0, $"{name} should be positive");
        }
    }

    [Fact]
    public void Text_output_shows_both_sides_and_the_ratio()
    {
        var (exit, output, error) = CliRunner.Run("bench", "actors", "--seconds", "0.4", "--actors", "20000", "--pairs", "2", "--in-flight", "10");
        Assert.True(exit == 0, error);
        Assert.Contains("actors:", output, StringComparison.Ordinal);
        Assert.Contains("channels:", output, StringComparison.Ordinal);
        Assert.Contains("ratio:", output, StringComparison.Ordinal);
        Assert.Contains("bytes per idle actor", output, StringComparison.Ordinal);
        Assert.Contains("2 pairs, 10 in flight", output, StringComparison.Ordinal);
    }
}
