using System.Collections;
using ActorRealm.Cli;
using ActorRealm.Cli.Commands.Admin;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Hocon;
using ActorRealm.TestSupport;

namespace ActorRealm.Server.Tests.Support;

/// <summary>
/// A realm's generated files on free loopback ports (the same generator as <c>actorrealm demo</c>),
/// with fast cluster timings; nodes run in-process (<see cref="Configuration(string)"/>) or as processes.
/// </summary>
internal sealed class LocalRealm : IDisposable
{
    /// <summary>
    /// Fast timings: detection in about a second, downing 2 s after that, switches after 1 s. The processes start
    /// at once, and a seed node that asks to join before the first seed is ready asks again only after
    /// <c>join.seed-node-timeout</c> (5 s by default): 1 s here, as in the multi-node specs.
    /// </summary>
    public const string FastTimings = """
        failure-detector.heartbeat-interval = 250ms
        failure-detector.first-heartbeat-estimate = 250ms
        failure-detector.acceptable-heartbeat-pause = 2s
        downing.stable-after = 2s
        prime-switch.min-unreachable = 1s
        gossip-interval = 250ms
        leader-actions-interval = 250ms
        join.seed-node-timeout = 1s
        """;

    /// <summary>
    /// Timings for measuring SIGKILL to Down: the same pause and stable-after as <see cref="FastTimings"/>,
    /// with heartbeats, gossip and leader actions every 100 ms so that the time the detector needs on top of
    /// the pause (a heartbeat interval and a few standard deviations) stays well under a second.
    /// </summary>
    public const string KillTimings = """
        failure-detector.heartbeat-interval = 100ms
        failure-detector.first-heartbeat-estimate = 100ms
        failure-detector.min-std-deviation = 50ms
        failure-detector.acceptable-heartbeat-pause = 2s
        downing.stable-after = 2s
        prime-switch.min-unreachable = 1s
        gossip-interval = 200ms
        leader-actions-interval = 100ms
        join.seed-node-timeout = 1s
        """;

    private readonly TempDirectory _dir;

    private LocalRealm(TempDirectory dir, RealmLayout layout, RealmFileSet files, bool tls)
    {
        _dir = dir;
        Layout = layout;
        Files = files;
        Tls = tls;
    }

    public RealmLayout Layout { get; }

    public RealmFileSet Files { get; }

    public bool Tls { get; }

    public string Directory => Files.Directory;

    public static LocalRealm Create(string sites, bool tls, string timings = FastTimings)
    {
        var layout = RealmLayout.Free(sites);
        var dir = new TempDirectory();
        return new LocalRealm(dir, layout, RealmFiles.Write(layout, dir.Path, "test", tls, timings), tls);
    }

    public LocalNode Node(string name) => Layout.Nodes.Single(n => n.Name == name);

    /// <summary>The node's checked configuration, as <c>actorrealm node</c> would load it (no process environment).</summary>
    public NodeConfiguration Configuration(string node) =>
        NodeConfiguration.From(ConfigFactory.Load(Files.NodeConfigs[node], ReferenceCatalog.Reference(), new Hashtable()));

    /// <summary>The node's checked configuration with <paramref name="overrides"/> (HOCON) over its file.</summary>
    public NodeConfiguration Configuration(string node, string overrides) =>
        NodeConfiguration.From(ConfigFactory.Load(
            ConfigFactory.ParseString(overrides).WithFallback(ConfigFactory.ParseFile(Files.NodeConfigs[node])),
            ReferenceCatalog.Reference(),
            new Hashtable()));

    public AdminClient Client(string node, string? token = null) =>
        new(new Uri($"{(Tls ? "https" : "http")}://{Node(node).AdminAddress}/"), token ?? Files.AdminToken, Files.CaCertificate, TimeSpan.FromSeconds(10));

    public void Dispose() => _dir.Dispose();
}
