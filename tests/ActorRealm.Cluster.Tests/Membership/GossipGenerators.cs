using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using FsCheck;
using FsCheck.Fluent;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

/// <summary>Random, normalised gossips over a small pool of incarnations (so they overlap a lot).</summary>
internal static class GossipGenerators
{
    /// <summary>Three members per site, two incarnations each.</summary>
    public static readonly NodeId[] Pool =
        [.. from site in new[] { Main, Dr } from index in Enumerable.Range(1, 3) from uid in new long[] { 1, 2 } select Node(site, index, uid)];

    private static readonly PrimeState[] Primes =
    [
        PrimeState.Initial(Main),
        PrimeState.Initial(Dr),
        new(Dr, 1, "dr-1:4053", DateTimeOffset.UnixEpoch.AddDays(1), new Guid("00000000-0000-0000-0000-000000000001")),
        new(Main, 1, "main-1:4053", DateTimeOffset.UnixEpoch.AddDays(1), new Guid("00000000-0000-0000-0000-000000000002")),
        new(Main, 2, "main-2:4053", DateTimeOffset.UnixEpoch.AddDays(2), new Guid("00000000-0000-0000-0000-000000000003")),
    ];

    public static Gen<Gossip> Gossips =>
        from members in Gen.SubListOf(Pool).SelectMany(nodes => Gen.CollectToList(nodes, MemberFor))
        from reachability in ReachabilityOver(members.Select(m => m.Node).ToArray())
        from seen in Gen.SubListOf(members.Select(m => m.Node))
        from version in Gen.CollectToList(members, m => Gen.Choose(0, 3).Select(v => KeyValuePair.Create(m.Node, (long)v)))
        from prime in Gen.Elements(Primes)
        from tombstoned in Gen.SubListOf(Pool).Select(l => l.Take(2))
        from removedAt in Gen.Choose(1, 3)
        select Gossip.Create(members, reachability, seen, VectorClock.From(version), prime, tombstoned.Select(n => KeyValuePair.Create(n, (long)removedAt)));

    public static Arbitrary<Gossip> Arbitrary => Gossips.ToArbitrary();

    public static Arbitrary<(Gossip, Gossip)> Pairs => Gossips.Two().Select(t => (t.Item1, t.Item2)).ToArbitrary();

    public static Arbitrary<(Gossip, Gossip, Gossip)> Triples => Gossips.Three().Select(t => (t.Item1, t.Item2, t.Item3)).ToArbitrary();

    private static Gen<Member> MemberFor(NodeId node) =>
        from status in Gen.Elements(MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Down)
        from upNumber in Gen.Choose(1, 4)
        select new Member(
            node,
            SiteOf(node),
            node.Uid == 1 ? ["front"] : ImmutableSortedSet<string>.Empty,
            status,
            status == MemberStatus.Joining ? Member.NotUp : upNumber);

    private static Gen<Reachability> ReachabilityOver(NodeId[] nodes) =>
        nodes.Length == 0
            ? Gen.Constant(Reachability.Empty)
            : Gen.ListOf(
                    from observer in Gen.Elements(nodes)
                    from subject in Gen.Elements(nodes)
                    from change in Gen.Choose(0, 5)
                    select (observer, subject, change))
                .Select(changes => changes.Aggregate(Reachability.Empty, (r, c) => c.change switch
                {
                    0 or 1 => r.Reachable(c.observer, c.subject),
                    5 => r.Terminated(c.observer, c.subject),
                    _ => r.Unreachable(c.observer, c.subject),
                }));
}
