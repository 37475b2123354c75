using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// Faults planted on purpose in a persistence server, so that the chaos harness can prove its checker notices them
/// (<c>actorrealm.testing.*</c>, ADR 0079). NEVER for production: each breaks a rule that keeps acknowledged messages
/// safe. A persistence server refuses to load them unless <see cref="EnvironmentVariable"/> is <c>1</c>.
/// </summary>
/// <param name="AckBeforeMajorityDurable">Commit, and so acknowledge, once the leader's own copy is durable, before a majority of its set holds it.</param>
/// <param name="SkipEpochCheck">Handle a message from a lower persistence epoch as if it were current, instead of fencing its sender.</param>
public sealed record PlantedFaults(bool AckBeforeMajorityDurable = false, bool SkipEpochCheck = false)
{
    /// <summary>The environment variable that must be <c>1</c> for a server to accept any planted fault.</summary>
    public const string EnvironmentVariable = "ACTORREALM_TESTING_FAULTS";

    /// <summary>The configuration key of <see cref="AckBeforeMajorityDurable"/>.</summary>
    public const string AckBeforeMajorityDurableKey = "actorrealm.testing.ack-before-majority-durable";

    /// <summary>The configuration key of <see cref="SkipEpochCheck"/>.</summary>
    public const string SkipEpochCheckKey = "actorrealm.testing.skip-epoch-check";

    /// <summary>No fault: what every production server runs.</summary>
    public static PlantedFaults None { get; } = new();

    /// <summary>Whether any fault is planted.</summary>
    public bool Any => AckBeforeMajorityDurable || SkipEpochCheck;

    /// <summary>The replication machine's safety rules with these faults.</summary>
    internal SafetySwitches Switches => SafetySwitches.All with { MajorityForCommit = !AckBeforeMajorityDurable, EpochCheck = !SkipEpochCheck };
}
