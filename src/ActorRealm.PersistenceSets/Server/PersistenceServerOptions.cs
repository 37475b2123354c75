using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>What a <see cref="PersistenceServerActor"/> needs to run one server of the layout.</summary>
/// <param name="Layout">The realm's persistence layout.</param>
/// <param name="Server">The server this actor runs.</param>
/// <param name="SystemName">The actor system name every persistence server runs under (the realm's name).</param>
/// <param name="Protocol">The transport scheme of the persistence servers (<c>akka.tcp</c>, <c>akka.ssl.tcp</c>, with adapters).</param>
/// <param name="DataDirectory">The server's data directory: exports go to its <c>exports</c> folder.</param>
/// <param name="RealmLink">The link to the realm servers of its set.</param>
public sealed record PersistenceServerOptions(
    PersistenceLayout Layout,
    string Server,
    string SystemName,
    string Protocol,
    string DataDirectory,
    RealmLinkSettings RealmLink)
{
    /// <summary>The server actor's name under <c>/user</c>, the same on every persistence server.</summary>
    public const string ActorName = "persistence-server";

    /// <summary>How often the machine gets a <see cref="Tick"/> (its timings count ticks).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often the status is reported to the realm server even when it did not change.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest message a publish may carry (<c>actorrealm.persistence.max-message-bytes</c>); larger ones are refused, nothing stored.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;
    /// <summary>How long a cut-over waits for the old primary set's servers to answer its probe (none may answer).</summary>
    public TimeSpan CutOverProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many entries a member may be behind its leader and still be ready (<c>actorrealm.persistence.health.ready-max-lag</c>).</summary>
    public long ReadyMaxLag { get; init; } = 1000;

    /// <summary>The channels' retention (<c>actorrealm.persistence.retention</c>); by default nothing is dropped.</summary>
    public Retention.RetentionSettings Retention { get; init; } = PersistenceSets.Retention.RetentionSettings.KeepEverything;

    /// <summary>The replication machine's timings and batching.</summary>
    public ReplicationSettings Replication { get; init; } = ReplicationSettings.Default;

    /// <summary>Faults planted for the chaos harness (<c>actorrealm.testing.*</c>); none in production.</summary>
    public PlantedFaults Faults { get; init; } = PlantedFaults.None;

    /// <summary>Where removed suffixes are exported.</summary>
    public string ExportDirectory => Path.Combine(DataDirectory, "exports");

    /// <summary>The machine's view of the layout.</summary>
    public ClusterDefinition Cluster => new(
        [.. Layout.Sets.Select(s => new SetDefinition(s.Name, s.Site, [.. s.Servers.Select(v => v.Name)]))],
        Layout.InitialPrimarySet.Name,
        Layout.StandbyReplication == StandbyReplication.Sync ? StandbyMode.Sync : StandbyMode.Async);

    /// <summary>The actor path of <paramref name="server"/>'s server actor at its configured address.</summary>
    public string PathOf(PersistenceServerDefinition server) => PathOf(Protocol, SystemName, server);

    /// <summary>The actor path of <paramref name="server"/>'s server actor for a realm whose servers run <paramref name="systemName"/> over <paramref name="protocol"/>.</summary>
    public static string PathOf(string protocol, string systemName, PersistenceServerDefinition server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return $"{protocol}://{systemName}@{server.Address.Host}:{server.Address.Port}/user/{ActorName}";
    }
}
