using ActorRealm.Hocon;

namespace ActorRealm.PersistenceSets.Layout;

/// <summary>
/// The persistence set settings (<c>actorrealm.persistence.sets</c>, <c>primary-set</c>,
/// <c>standby-replication</c>, <c>server</c>), read once from a resolved configuration by
/// <see cref="FromConfig"/>; the defaults live, commented, in the module's <c>reference.conf</c>.
/// </summary>
public sealed partial record PersistenceSetsSettings
{
    /// <summary>The realm's persistence cluster, or null when the realm defines no persistence set.</summary>
    public PersistenceLayout? Layout { get; init; }

    /// <summary>The name of the persistence server this process runs (<c>server</c>), or null on a realm server.</summary>
    public string? Server { get; init; }

    /// <summary>The link between persistence servers and realm servers (<c>realm-link</c>).</summary>
    public RealmLinkTimings RealmLink { get; init; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

    /// <summary>What a valid layout should still be told about (even-sized or unequal sets), to log once at start.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The definition of the server this process runs, or null on a realm server.</summary>
    public PersistenceServerDefinition? ThisServer => Server is null ? null : Layout?.Server(Server);

    /// <summary>This module's embedded defaults (<c>ActorRealm.PersistenceSets.reference.conf</c>), unresolved.</summary>
    public static Config Reference => ConfigFactory.Reference([typeof(PersistenceSetsSettings).Assembly]);
}

/// <summary>The timings of the link between a persistence server and its realm server (<c>actorrealm.persistence.realm-link</c>).</summary>
/// <param name="Lease">How long a quorum verdict stays valid.</param>
/// <param name="PushInterval">How often a realm server repeats its verdict.</param>
/// <param name="RetryInterval">How long a persistence server waits for a realm server's answer.</param>
/// <param name="LostAfter">How long either end of the link may stay silent before the other counts it gone (ADR 0080).</param>
public sealed record RealmLinkTimings(TimeSpan Lease, TimeSpan PushInterval, TimeSpan RetryInterval, TimeSpan LostAfter);
