using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using ActorRealm.Cluster.Prime;
using Akka.Actor;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMember = Akka.Cluster.Member;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;
using UniqueAddress = Akka.Cluster.UniqueAddress;

namespace ActorRealm.Cluster.Membership;

/// <summary>
/// Reads a <see cref="RealmView"/> from Akka.Cluster: members (with the site and name their roles
/// carry), the leader, this node's failure detector, and the per-observer reachability table.
/// <para>
/// Akka keeps that table internal (its split brain resolver reads it from inside the assembly);
/// the downing rule needs it to tell indirectly connected members from lost ones and to ignore what
/// crashed members last observed (ADR 0034), so it is read here by reflection, in one place, against
/// the pinned Akka.Cluster version. <c>AkkaClusterViewTests</c> fails if an Akka upgrade moves it.
/// </para>
/// </summary>
internal static class AkkaClusterView
{
    private static readonly PropertyInfo ReadViewProperty = Internal(typeof(AkkaCluster), "ReadView");
    private static readonly PropertyInfo ReachabilityProperty = Internal(ReadViewProperty.PropertyType, "Reachability");
    private static readonly PropertyInfo RecordsProperty = Internal(ReachabilityProperty.PropertyType, "Records");
    private static readonly PropertyInfo VersionsProperty = Internal(ReachabilityProperty.PropertyType, "Versions");
    private static readonly Type RecordType = ReachabilityProperty.PropertyType.GetNestedType("Record", BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new MissingMemberException("Akka.Cluster.Reachability+Record");

    private static readonly PropertyInfo ObserverProperty = Internal(RecordType, "Observer");
    private static readonly PropertyInfo SubjectProperty = Internal(RecordType, "Subject");
    private static readonly PropertyInfo StatusProperty = Internal(RecordType, "Status");
    private static readonly PropertyInfo VersionProperty = Internal(RecordType, "Version");

    /// <summary>
    /// Whether <paramref name="cluster"/>'s state can be read yet. Akka's <c>Cluster</c> constructor assigns its read
    /// view (what <c>State</c> reads) only after starting the daemons, and its own listener's subscription can get the
    /// core daemon, and so the downing actor, started before that: reading <c>State</c> then throws.
    /// </summary>
    public static bool IsReadable(AkkaCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return ReadViewProperty.GetValue(cluster) is not null;
    }

    /// <summary>Reads this node's current view.</summary>
    /// <param name="cluster">Akka's cluster extension of this node.</param>
    /// <param name="layout">The configured members by site.</param>
    /// <param name="prime">The prime state this node follows.</param>
    public static RealmView Read(AkkaCluster cluster, ClusterLayout layout, PrimeState prime)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var state = cluster.State;
        var self = ToNodeId(cluster.SelfUniqueAddress);
        var members = state.Members.Select(m => ToMember(m, layout)).ToImmutableArray();
        var leader = state.Leader is { } leaderAddress ? members.FirstOrDefault(m => m.Address == ToAddress(leaderAddress))?.Node : null;
        var heard = new HashSet<NodeAddress>();
        foreach (var member in state.Members)
        {
            // Heard from (or expected to have been by now): Akka's reachability says the rest, so
            // this node's verdicts reach the rule in the same order as Akka's own events.
            if (member.UniqueAddress != cluster.SelfUniqueAddress && cluster.FailureDetector.IsMonitoring(member.Address))
            {
                heard.Add(ToAddress(member.Address));
            }
        }

        return new RealmView(layout, self, members, ReadReachability(cluster), leader, prime) { HeardFrom = heard };
    }

    /// <summary>Akka's reachability table as ours (empty before the first gossip).</summary>
    public static Reachability ReadReachability(AkkaCluster cluster)
    {
        var readView = ReadViewProperty.GetValue(cluster);
        var reachability = readView is null ? null : ReachabilityProperty.GetValue(readView);
        if (reachability is null)
        {
            return Reachability.Empty;
        }

        var versions = new Dictionary<NodeId, long>();
        foreach (DictionaryEntry entry in (IDictionary)VersionsProperty.GetValue(reachability)!)
        {
            versions[ToNodeId((UniqueAddress)entry.Key)] = (long)entry.Value!;
        }

        var records = new List<ReachabilityRecord>();
        foreach (var record in (IEnumerable)RecordsProperty.GetValue(reachability)!)
        {
            var observer = ToNodeId((UniqueAddress)ObserverProperty.GetValue(record)!);
            var status = StatusProperty.GetValue(record)!.ToString() switch
            {
                "Reachable" => ReachabilityStatus.Reachable,
                "Unreachable" => ReachabilityStatus.Unreachable,
                "Terminated" => ReachabilityStatus.Terminated,
                var other => throw new InvalidOperationException($"Unknown Akka reachability status '{other}'."),
            };
            versions.TryAdd(observer, 0);
            records.Add(new ReachabilityRecord(observer, ToNodeId((UniqueAddress)SubjectProperty.GetValue(record)!), status, (long)VersionProperty.GetValue(record)!));
        }

        return Reachability.Create(versions, records);
    }

    /// <summary>Our incarnation id of an Akka unique address.</summary>
    public static NodeId ToNodeId(UniqueAddress node) => new(ToAddress(node.Address), node.Uid);

    /// <summary>Our address of an Akka address (host and port).</summary>
    public static NodeAddress ToAddress(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new NodeAddress(address.Host ?? "localhost", address.Port ?? 0);
    }

    /// <summary>Our member of an Akka member: the site and name come from its ActorRealm roles.</summary>
    public static Member ToMember(AkkaMember member, ClusterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(layout);
        var node = ToNodeId(member.UniqueAddress);
        var site = RealmRoles.SiteOf(member.Roles) ?? layout.SiteOf(node.Address) ?? string.Empty;
        return new Member(node, site, RealmRoles.UserRoles(member.Roles).ToImmutableSortedSet(StringComparer.Ordinal), ToStatus(member.Status), 0)
        {
            Name = RealmRoles.NameOf(member.Roles) ?? string.Empty,
        };
    }

    /// <summary>Our status of an Akka status (WeaklyUp, which the realm turns off, counts as Joining).</summary>
    public static MemberStatus ToStatus(AkkaMemberStatus status) => status switch
    {
        AkkaMemberStatus.Joining or AkkaMemberStatus.WeaklyUp => MemberStatus.Joining,
        AkkaMemberStatus.Up => MemberStatus.Up,
        AkkaMemberStatus.Leaving => MemberStatus.Leaving,
        AkkaMemberStatus.Exiting => MemberStatus.Exiting,
        AkkaMemberStatus.Down => MemberStatus.Down,
        _ => MemberStatus.Removed,
    };

    private static PropertyInfo Internal(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new MissingMemberException(type.FullName, name);
}
