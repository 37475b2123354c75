using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Remote;
using ActorRealm.Hocon;
using ActorRealm.Persistence;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Retention;
using ActorRealm.PersistenceSets.Server;

namespace ActorRealm.Server.PersistenceServer;

/// <summary>
/// A persistence server process's checked configuration (a node file with <c>actorrealm.persistence.server</c> set,
/// ADR 0071): the realm's name, transport and TLS, the layout and which server this is, the journal settings, the
/// data directory and logging. <see cref="From"/> lists every problem before refusing.
/// </summary>
public sealed record PersistenceServerConfiguration
{
    /// <summary>The resolved configuration.</summary>
    public required Config Config { get; init; }

    /// <summary>The node file's settings: realm name, data directory, logging.</summary>
    public required NodeSettings Node { get; init; }

    /// <summary>The realm's transport settings (the persistence server listens at its layout address instead of <c>canonical</c>).</summary>
    public required RemoteSettings Remote { get; init; }

    /// <summary>The transport's security (TLS identity, refusing serializers).</summary>
    public required TransportSecurity TransportSecurity { get; init; }

    /// <summary>The journal settings (SQLite under the data directory by default).</summary>
    public required PersistenceSettings Persistence { get; init; }

    /// <summary>The layout and this server's name.</summary>
    public required PersistenceSetsSettings Sets { get; init; }

    /// <summary>The server this process runs.</summary>
    public required PersistenceServerDefinition Server { get; init; }

    /// <summary>How long a cut-over waits for the old primary set's probe (<c>actorrealm.persistence.cutover-probe-timeout</c>).</summary>
    public required TimeSpan CutOverProbeTimeout { get; init; }

    /// <summary>How often the replication machine ticks (<c>actorrealm.persistence.tick-interval</c>).</summary>
    public required TimeSpan TickInterval { get; init; }

    /// <summary>The largest message a publish may carry (<c>actorrealm.persistence.max-message-bytes</c>).</summary>
    public required int MaxMessageBytes { get; init; }

    /// <summary>The channels' retention and the log's compaction (<c>actorrealm.persistence.retention</c>).</summary>
    public required RetentionSettings Retention { get; init; }

    /// <summary>The health endpoints' port (<c>actorrealm.persistence.health.port</c>); 0: none.</summary>
    public required int HealthPort { get; init; }

    /// <summary>How far behind its leader a member is still ready (<c>actorrealm.persistence.health.ready-max-lag</c>).</summary>
    public required long ReadyMaxLag { get; init; }
    /// <summary>Faults planted for the chaos harness (<c>actorrealm.testing.*</c>, refused without ACTORREALM_TESTING_FAULTS=1); none in production.</summary>
    public PlantedFaults Faults { get; init; } = PlantedFaults.None;

    /// <summary>What to log once at start.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    // A message travels in one Akka.Remote frame with its envelope and the other fields of its request.
    private const int FrameHeadroom = 64 * 1024;

    /// <summary>Whether a resolved configuration describes a persistence server (<c>actorrealm.persistence.server</c> is set).</summary>
    public static bool IsPersistenceServer(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.HasPath("actorrealm.persistence.server") && config.GetString("actorrealm.persistence.server").Trim().Length > 0;
    }

    /// <summary>Reads and checks a persistence server's configuration.</summary>
    /// <exception cref="NodeStartupException">Something is wrong; every problem is listed.</exception>
    public static PersistenceServerConfiguration From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<string>();
        var warnings = new List<string>();
        var badValues = new HashSet<HoconOrigin>();
        var node = NodeConfiguration.Read(problems, badValues, () => NodeSettings.FromConfig(config));
        var remote = NodeConfiguration.Read(problems, badValues, () => RemoteSettings.FromConfig(config));
        var persistence = NodeConfiguration.Read(problems, badValues, () => PersistenceSettings.FromConfig(config));
        var sets = NodeConfiguration.Read(problems, badValues, () => PersistenceSetsSettings.FromConfig(config));
        var tick = NodeConfiguration.Read(problems, badValues, () => (object)config.GetDuration("actorrealm.persistence.tick-interval")) is TimeSpan t ? t : TimeSpan.Zero;
        if (tick <= TimeSpan.Zero)
        {
            problems.Add("actorrealm.persistence.tick-interval must be a positive duration (50ms is usual).");
        }

        var maxBytes = NodeConfiguration.Read(problems, badValues, () => (object)config.GetBytes("actorrealm.persistence.max-message-bytes")) is long b ? b : 1;
        var frame = remote?.Transport.MaximumFrameSize ?? int.MaxValue;
        if (maxBytes < 1 || maxBytes > frame - FrameHeadroom)
        {
            problems.Add($"actorrealm.persistence.max-message-bytes must be from 1 byte to {FrameHeadroom} bytes less than actorrealm.remote.transport.maximum-frame-size ({frame} bytes), not {maxBytes}: a message travels whole in one frame (1 MiB is the default).");
        }

        var probe = NodeConfiguration.Read(problems, badValues, () => (object)config.GetDuration("actorrealm.persistence.cutover-probe-timeout")) is TimeSpan p ? p : TimeSpan.Zero;
        if (probe <= TimeSpan.Zero)
        {
            problems.Add("actorrealm.persistence.cutover-probe-timeout must be a positive duration (2s is usual).");
        }

        var healthPort = NodeConfiguration.Read(problems, badValues, () => (object)config.GetInt("actorrealm.persistence.health.port")) is int hp ? hp : 0;
        if (healthPort is < 0 or > 65535)
        {
            problems.Add($"actorrealm.persistence.health.port must be a TCP port from 1 to 65535, or 0 for no health endpoints, not {healthPort}.");
        }

        var maxLag = NodeConfiguration.Read(problems, badValues, () => (object)config.GetLong("actorrealm.persistence.health.ready-max-lag")) is long ml ? ml : 0;
        if (maxLag < 0)
        {
            problems.Add($"actorrealm.persistence.health.ready-max-lag must be 0 or more entries, not {maxLag}.");
        }

        var retention = RetentionSettings.FromConfig(config, problems);
        warnings.AddRange(sets?.Warnings ?? []);
        if (sets is { Layout: null })
        {
            problems.Add("actorrealm.persistence.server is set, but the realm defines no persistence sets (actorrealm.persistence.sets): a persistence server needs the realm's layout.");
        }

        var security = remote is null ? null : NodeConfiguration.ReadTransportSecurity(remote, problems, badValues, warnings);
        var faults = ReadPlantedFaults(config, problems, warnings, Environment.GetEnvironmentVariable(PlantedFaults.EnvironmentVariable));
        if (problems.Count > 0)
        {
            throw new NodeStartupException(problems);
        }

        return new PersistenceServerConfiguration
        {
            Config = config,
            Node = node!,
            Remote = remote!,
            TransportSecurity = security!,
            Persistence = persistence!,
            Sets = sets!,
            Server = sets!.ThisServer!,
            TickInterval = tick,
            MaxMessageBytes = (int)maxBytes,
            CutOverProbeTimeout = probe,
            Retention = retention,
            HealthPort = healthPort,
            ReadyMaxLag = maxLag,
            Faults = faults,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The planted faults of <c>actorrealm.testing</c>: a problem when any is on without
    /// <see cref="PlantedFaults.EnvironmentVariable"/><c>=1</c> (a test switch must never reach production by a stray
    /// key), else a loud warning per fault.
    /// </summary>
    internal static PlantedFaults ReadPlantedFaults(Config config, List<string> problems, List<string> warnings, string? environment)
    {
        var faults = new PlantedFaults(
            config.HasPath(PlantedFaults.AckBeforeMajorityDurableKey) && config.GetBoolean(PlantedFaults.AckBeforeMajorityDurableKey),
            config.HasPath(PlantedFaults.SkipEpochCheckKey) && config.GetBoolean(PlantedFaults.SkipEpochCheckKey));
        var on = new[] { (faults.AckBeforeMajorityDurable, PlantedFaults.AckBeforeMajorityDurableKey), (faults.SkipEpochCheck, PlantedFaults.SkipEpochCheckKey) }
            .Where(f => f.Item1).Select(f => f.Item2).ToList();
        if (on.Count == 0)
        {
            return PlantedFaults.None;
        }

        if (environment != "1")
        {
            problems.Add($"{string.Join(" and ", on)}: a fault planted for the chaos harness's tests, never for production (it can lose acknowledged messages); it loads only with {PlantedFaults.EnvironmentVariable}=1 in the environment.");
            return PlantedFaults.None;
        }

        warnings.AddRange(on.Select(key => $"PLANTED FAULT {key} is on ({PlantedFaults.EnvironmentVariable}=1): this server may lose acknowledged messages; for the chaos harness's tests only."));
        return faults;
    }
}
