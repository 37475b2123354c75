using Akka.Actor;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// Why a persistence server's actor system ended: its replication machine threw, so one of its invariants broke and its
/// state in memory can no longer be trusted. The process exits with <see cref="ExitCodeValue"/> and its supervisor starts
/// it again from its durable copy, as after a crash; an actor restart inside the process would recover the same way
/// but out of sight (ADR 0083).
/// </summary>
public sealed class ReplicationMachineFailed : CoordinatedShutdown.Reason
{
    /// <summary>The exit code of a persistence server whose replication machine failed.</summary>
    public const int ExitCodeValue = 80;

    /// <summary>Creates the reason, with what failed.</summary>
    /// <param name="description">The input the machine failed on and the exception.</param>
    public ReplicationMachineFailed(string description) => Description = description;

    /// <summary>The input the machine failed on and the exception.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public override int ExitCode => ExitCodeValue;

    /// <inheritdoc />
    public override string ToString() => $"ReplicationMachineFailed: {Description}";
}
