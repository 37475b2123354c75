namespace ActorRealm.PersistenceSets.Replication;

/// <summary>Something the shell feeds to a <see cref="ReplicationServer"/>.</summary>
public abstract record ReplicationInput
{
    private protected ReplicationInput()
    {
    }
}

/// <summary>One unit of time has passed (the shell sends one every tick interval).</summary>
public sealed record Tick : ReplicationInput
{
    /// <summary>The one tick.</summary>
    public static Tick Instance { get; } = new();
}

/// <summary>Every write the server asked for up to and including <paramref name="WriteId"/> is durable.</summary>
/// <param name="WriteId">The id of the last durable write (writes are durable in the order they were asked for).</param>
public sealed record Persisted(long WriteId) : ReplicationInput;

/// <summary>A message from another persistence server arrived.</summary>
/// <param name="Message">The message.</param>
public sealed record Deliver(PeerMessage Message) : ReplicationInput;

/// <summary>The realm's verdict for this server's side changed: whether it has quorum (the site rule).</summary>
/// <param name="HasQuorum">Whether the side has quorum.</param>
public sealed record RealmQuorumChanged(bool HasQuorum) : ReplicationInput;

/// <summary>The shell learned an epoch from outside the set protocol (the realm's gossip of persistence epochs).</summary>
/// <param name="Epoch">The epoch.</param>
public sealed record EpochNotice(EpochRecord Epoch) : ReplicationInput;

/// <summary>Identifies one client request, so that the reply finds its way back.</summary>
/// <param name="Client">The client (the shell's name for its connection).</param>
/// <param name="Id">The client's request number.</param>
public readonly record struct ClientRequestId(string Client, long Id);

/// <summary>An application request.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Command">What it asks.</param>
public sealed record ClientRequest(ClientRequestId Id, ClientCommand Command) : ReplicationInput;

/// <summary>What an application asks for.</summary>
public abstract record ClientCommand
{
    private protected ClientCommand()
    {
    }
}

/// <summary>Publish a message.</summary>
/// <param name="Message">The message, with its producer id and sequence number.</param>
public sealed record PublishCommand(Publish Message) : ClientCommand;

/// <summary>Store a durable subscription's position.</summary>
/// <param name="Position">The position.</param>
public sealed record StorePositionCommand(SubscriptionPosition Position) : ClientCommand;

/// <summary>
/// An administrator's cut-over, given at a server of the standby set. The shell evaluates the realm's guard
/// (the old primary's site unreachable from this side long enough, as for the prime switch) and passes the verdict.
/// </summary>
/// <param name="ToSet">The set to make primary (must be this server's set, the standby).</param>
/// <param name="ConfirmedDownSite">The site the administrator confirms is down (must be the primary set's site).</param>
/// <param name="GuardPassed">The realm guard's verdict.</param>
/// <param name="GuardExplanation">The guard's explanation, quoted in a refusal.</param>
public sealed record CutOver(string ToSet, string ConfirmedDownSite, bool GuardPassed, string GuardExplanation) : ReplicationInput;

/// <summary>An administrator's planned migration, given at the primary leader.</summary>
/// <param name="ToSet">The set to make primary (must be the standby set).</param>
public sealed record Migrate(string ToSet) : ReplicationInput;

/// <summary>
/// The shell saw its connection to <paramref name="Server"/> close (its process died, or the link broke). A member
/// whose leader it is stops waiting out the election timeout and asks for pre-votes within a few ticks; the pre-vote
/// keeps a false alarm from disrupting a set whose leader the others still hear.
/// </summary>
/// <param name="Server">The peer whose connection closed.</param>
public sealed record PeerConnectionLost(string Server) : ReplicationInput;

/// <summary>
/// The shell asks to compact the log through <paramref name="ThroughIndex"/> (everything before the oldest readable
/// message). The machine compacts less when it must: never beyond its commit index, a pending hand-over, or, in the
/// primary set, what the standby set holds (a cut-over must be able to export any entry the standby set lacks).
/// </summary>
/// <param name="ThroughIndex">The last index the shell no longer needs as an entry.</param>
/// <param name="MinEntries">Compact only when at least this many entries would go (one compaction is one journal write).</param>
public sealed record Compact(long ThroughIndex, long MinEntries = 1) : ReplicationInput;

/// <summary>
/// The shell's retention decision (docs/persistence-sets.md, "Retention"): the primary leader appends each trim as a
/// log entry while it serves; any other server ignores it (its shell asks again when it leads).
/// </summary>
/// <param name="Trims">The trims, at most one per channel.</param>
public sealed record TrimChannels(IReadOnlyList<ChannelTrim> Trims) : ReplicationInput;
