using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ActorRealm.Cli;
using ActorRealm.Hocon;
using ActorRealm.Server.Tests.Support;

namespace ActorRealm.Server.Tests;

/// <summary>The node process host: JSON log lines, start-up warnings logged once, a graceful stop with exit code 0.</summary>
public sealed class NodeHostTests
{
    [Fact]
    public async Task Logs_one_json_object_per_line_warns_once_and_stops_gracefully()
    {
        using var realm = LocalRealm.Create("main:2,dr:1", tls: false);
        var config = ConfigFactory.Load(
            ConfigFactory.ParseString("actorrealm.node { log.format = json, admin.auth = off }\nactorrealm.cluster.downing.stable-aftr = 3s", "typo.conf").WithFallback(ConfigFactory.ParseFile(realm.Files.NodeConfigs["main-1"])),
            ReferenceCatalog.Reference(),
            new Hashtable());
        var log = new LineWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = NodeHost.RunAsync(config, new NodeHostOptions { Error = error, LogOutput = log, Reference = ReferenceCatalog.Reference() }, stop.Token);
        await Eventually.Until(() => Task.FromResult(log.Lines.Any(l => l.Contains("\"Joining\"", StringComparison.Ordinal)) ? log : null), TimeSpan.FromSeconds(60), "the node to start joining", () => string.Join('\n', log.Lines));
        await stop.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error.ToString());
        var events = log.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e => Assert.True(e.TryGetProperty("@t", out _) && e.TryGetProperty("@l", out _) && e.TryGetProperty("@mt", out _), e.ToString()));
        Assert.Single(events, e => Rendered(e).Contains("Sites have unequal numbers of nodes", StringComparison.Ordinal));
        Assert.Single(events, e => Rendered(e).Contains("The admin API has no authentication", StringComparison.Ordinal));
        Assert.Single(events, e => Rendered(e).Contains("plain HTTP", StringComparison.Ordinal));
        Assert.Single(events, e => Rendered(e).Contains("typo.conf:2:42: unknown setting 'actorrealm.cluster.downing.stable-aftr' is ignored; did you mean 'actorrealm.cluster.downing.stable-after'?", StringComparison.Ordinal));
        Assert.Contains(events, e => Rendered(e).Contains("Node main-1 is stopping", StringComparison.Ordinal));
        Assert.All(events, e => Assert.Equal("main-1", e.GetProperty("Node").GetString()));
        Assert.Contains(events, e => e.GetProperty("@l").GetString() == "Warning" && e.GetProperty("SourceContext").GetString()!.StartsWith("ActorRealm.Cluster.", StringComparison.Ordinal));
    }

    private static string Rendered(JsonElement e) => e.GetProperty("@m").GetString()!;

    /// <summary>Collects whole lines written from any thread.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly StringBuilder _pending = new();
        private readonly ConcurrentQueue<string> _lines = new();

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines => [.. _lines];

        public override void Write(char value)
        {
            lock (_pending)
            {
                if (value == '\n')
                {
                    _lines.Enqueue(_pending.ToString().TrimEnd('\r'));
                    _pending.Clear();
                }
                else
                {
                    _pending.Append(value);
                }
            }
        }
    }
}
