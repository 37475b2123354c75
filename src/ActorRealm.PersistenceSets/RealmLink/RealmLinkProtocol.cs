using ActorRealm.PersistenceSets.Status;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// Marks the messages of the persistence sets that cross processes; each is written by
/// <see cref="Serialization.PersistenceSetsSerializer"/> and by nothing else.
/// </summary>
public interface IPersistenceSetsMessage;

/// <summary>A persistence server asks a realm server of its site to take it as a client (ADR 0071).</summary>
/// <param name="Server">Its name in the layout.</param>
/// <param name="Set">The set it runs in, from its own configuration.</param>
/// <param name="Site">The site it runs at, from its own configuration.</param>
public sealed record PersistenceServerHello(string Server, string Set, string Site) : IPersistenceSetsMessage;

/// <summary>The realm server took the persistence server as a client; verdicts follow.</summary>
/// <param name="RealmServer">The realm server's node name.</param>
/// <param name="Site">Its site.</param>
public sealed record PersistenceServerWelcome(string RealmServer, string Site) : IPersistenceSetsMessage;

/// <summary>The realm server does not take the persistence server as a client, and why.</summary>
/// <param name="RealmServer">The realm server's node name.</param>
/// <param name="Reason">What is wrong, in words an operator can act on.</param>
public sealed record PersistenceServerRefused(string RealmServer, string Reason) : IPersistenceSetsMessage;

/// <summary>A client's latest status, sent to its realm server whenever it changes and periodically.</summary>
/// <param name="Status">The status.</param>
public sealed record PersistenceStatusReport(PersistenceServerStatus Status) : IPersistenceSetsMessage;

/// <summary>
/// The realm server's quorum decision for its side, pushed to every client when it changes and every push
/// interval otherwise. A client acts on it as a lease (<see cref="QuorumLease"/>): silence also means no quorum.
/// </summary>
/// <param name="RealmServer">The realm server's node name.</param>
/// <param name="HasQuorum">Whether its side of the realm has quorum (the site rule).</param>
/// <param name="Explanation">The rule's explanation, as the realm server logs it.</param>
/// <param name="PrimeSite">The prime site it follows.</param>
/// <param name="PrimeEpoch">The prime epoch it follows.</param>
public sealed record RealmQuorumVerdict(string RealmServer, bool HasQuorum, string Explanation, string PrimeSite, long PrimeEpoch) : IPersistenceSetsMessage;

/// <summary>
/// The highest persistence epoch the realm server knows (from its clients and the other realm servers' registries),
/// sent to a client that reports a lower one before any quorum verdict (ADR 0073): a returning old primary learns the
/// cut-over before it could serve in its old epoch. Every epoch a server reports is committed in its primary set.
/// </summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="PrimarySet">Its primary set.</param>
/// <param name="FirstIndex">Its first log index.</param>
public sealed record RealmEpochNotice(long Epoch, string PrimarySet, long FirstIndex) : IPersistenceSetsMessage;
