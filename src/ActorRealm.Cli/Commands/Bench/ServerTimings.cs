using System.Globalization;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// Sums and counts of the persistence servers' publish latency (arrival at the primary leader to its acknowledgement)
/// and journal write latency (a batch handed to the journal to durable), per server, read from a realm server's
/// <c>/metrics</c>. The difference of two readings splits a benchmark phase's client-side latency along the path.
/// </summary>
internal sealed class ServerTimings
{
    private const string Publish = "actorrealm_persistence_publish_latency_seconds";
    private const string Journal = "actorrealm_persistence_journal_write_seconds";
    private readonly Dictionary<(string Metric, string Server), (double Sum, long Count)> _values;

    private ServerTimings(Dictionary<(string Metric, string Server), (double Sum, long Count)> values) => _values = values;

    /// <summary>Reads the <c>_sum</c> and <c>_count</c> samples of both histograms from Prometheus text.</summary>
    public static ServerTimings Parse(string metrics)
    {
        var values = new Dictionary<(string, string), (double, long)>();
        foreach (var line in metrics.Split('\n'))
        {
            foreach (var metric in new[] { Publish, Journal })
            {
                bool isSum = line.StartsWith(metric + "_sum{", StringComparison.Ordinal), isCount = line.StartsWith(metric + "_count{", StringComparison.Ordinal);
                if (!isSum && !isCount || Label(line, "server") is not { } server)
                {
                    continue;
                }

                var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                var (sum, count) = values.GetValueOrDefault((metric, server));
                values[(metric, server)] = isSum ? (value, count) : (sum, (long)value);
            }
        }

        return new(values);
    }

    /// <summary>
    /// What happened between <paramref name="before"/> and this reading: the leader's mean publish latency, its
    /// publishes per journal write (batching), and the mean journal write at the leader and at the other servers.
    /// </summary>
    public Dictionary<string, object?> Since(ServerTimings before, string leader)
    {
        (double Sum, long Count) Delta(string metric, string server)
        {
            var now = _values.GetValueOrDefault((metric, server));
            var then = before._values.GetValueOrDefault((metric, server));
            return (now.Sum - then.Sum, now.Count - then.Count);
        }

        static double? MeanMs((double Sum, long Count) d) => d.Count > 0 ? Math.Round(d.Sum * 1000 / d.Count, 3) : null;
        var publish = Delta(Publish, leader);
        var journal = Delta(Journal, leader);
        var members = _values.Keys.Where(k => k.Metric == Journal && k.Server != leader).Select(k => Delta(Journal, k.Server)).ToList();
        var membersTotal = (members.Sum(m => m.Sum), members.Sum(m => m.Count));
        return new()
        {
            ["leader_publish_mean_ms"] = MeanMs(publish),
            ["leader_journal_write_mean_ms"] = MeanMs(journal),
            ["leader_publishes_per_journal_write"] = journal.Count > 0 ? Math.Round(publish.Count / (double)journal.Count, 2) : null,
            ["members_journal_write_mean_ms"] = MeanMs(membersTotal),
        };
    }

    private static string? Label(string line, string name)
    {
        var start = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += name.Length + 2;
        var end = line.IndexOf('"', start);
        return end < 0 ? null : line[start..end];
    }
}
