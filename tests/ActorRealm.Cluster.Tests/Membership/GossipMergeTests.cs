using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using FsCheck;
using FsCheck.Fluent;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

/// <summary>Gossip merge: a least upper bound (commutative, associative, idempotent) with Akka's precedence.</summary>
public sealed class GossipMergeTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Merge_is_commutative() =>
        Check.One(Quick, Prop.ForAll(GossipGenerators.Pairs, p => p.Item1.Merge(p.Item2).Equals(p.Item2.Merge(p.Item1))));

    [Fact]
    public void Merge_is_associative() =>
        Check.One(Quick, Prop.ForAll(GossipGenerators.Triples, t =>
            t.Item1.Merge(t.Item2).Merge(t.Item3).Equals(t.Item1.Merge(t.Item2.Merge(t.Item3)))));

    [Fact]
    public void Merge_is_idempotent() =>
        Check.One(Quick, Prop.ForAll(GossipGenerators.Arbitrary, g => g.Merge(g).Equals(g)));

    [Fact]
    public void Merge_is_an_upper_bound_of_both_versions() =>
        Check.One(Quick, Prop.ForAll(GossipGenerators.Pairs, p =>
        {
            var merged = p.Item1.Merge(p.Item2);
            var removed = merged.Tombstones.Keys;
            return merged.Version.CompareTo(p.Item1.Version.Prune(removed)) is VectorClockOrdering.After or VectorClockOrdering.Same &&
                   merged.Version.CompareTo(p.Item2.Version.Prune(removed)) is VectorClockOrdering.After or VectorClockOrdering.Same &&
                   merged.Prime.CompareTo(p.Item1.Prime) >= 0 && merged.Prime.CompareTo(p.Item2.Prime) >= 0;
        }));

    [Fact]
    public void Merging_a_gossip_with_its_own_later_version_gives_the_later_version() =>
        Check.One(Quick, Prop.ForAll(GossipGenerators.Arbitrary, older =>
        {
            var changer = GossipGenerators.Pool.First(n => !older.IsRemoved(n));
            var newer = older.Update(changer, older.Members.Select(m => m.CanMoveTo(MemberStatus.Down) ? m.WithStatus(MemberStatus.Down) : m));
            return older.Merge(newer).Equals(newer) && newer.Merge(older).Equals(newer);
        }));

    [Fact]
    public void Down_wins_over_up()
    {
        var up = Gossip.Create([UpMember(Node(Main, 1))], Reachability.Empty, [], VectorClock.Empty, PrimeState.Initial(Main), []);
        var down = Gossip.Create([UpMember(Node(Main, 1)).WithStatus(MemberStatus.Down)], Reachability.Empty, [], VectorClock.Empty, PrimeState.Initial(Main), []);
        Assert.Equal(MemberStatus.Down, up.Merge(down).GetMember(Node(Main, 1))!.Status);
        Assert.Equal(MemberStatus.Down, down.Merge(up).GetMember(Node(Main, 1))!.Status);
    }

    [Fact]
    public void A_removed_incarnation_does_not_come_back_from_stale_gossip()
    {
        var stale = Gossip.Create([UpMember(Node(Main, 1)), UpMember(Node(Dr, 1))], Reachability.Empty.Unreachable(Node(Main, 1), Node(Dr, 1)), [Node(Dr, 1)], VectorClock.Empty.Increment(Node(Dr, 1)), PrimeState.Initial(Main), []);
        var removed = stale.Remove(Node(Main, 1), [Node(Dr, 1)], 1000);

        var merged = stale.Merge(removed);

        Assert.Null(merged.GetMember(Node(Dr, 1)));
        Assert.True(merged.IsRemoved(Node(Dr, 1)));
        Assert.Equal(0, merged.Version[Node(Dr, 1)]);
        Assert.True(merged.Reachability.IsAllReachable);
        Assert.DoesNotContain(Node(Dr, 1), merged.Seen);
    }

    [Fact]
    public void Older_up_number_wins_between_two_up_records()
    {
        var first = Gossip.Create([UpMember(Node(Main, 1)) with { UpNumber = 1 }], Reachability.Empty, [], VectorClock.Empty, PrimeState.Initial(Main), []);
        var second = Gossip.Create([UpMember(Node(Main, 1)) with { UpNumber = 3 }], Reachability.Empty, [], VectorClock.Empty, PrimeState.Initial(Main), []);
        Assert.Equal(1, second.Merge(first).GetMember(Node(Main, 1))!.UpNumber);
    }

    [Fact]
    public void Higher_prime_epoch_wins()
    {
        var switched = PrimeState.Initial(Main).SwitchTo(Dr, "dr-1", DateTimeOffset.UnixEpoch.AddDays(3), Guid.NewGuid());
        var a = Gossip.Empty(PrimeState.Initial(Main));
        var b = Gossip.Empty(switched);
        Assert.Equal(switched, a.Merge(b).Prime);
        Assert.Equal(switched, b.Merge(a).Prime);
    }

    [Fact]
    public void Seen_sets_unite_for_equal_content_and_clear_for_a_new_state()
    {
        var baseGossip = Gossip.Create([UpMember(Node(Main, 1)), UpMember(Node(Dr, 1))], Reachability.Empty, [], VectorClock.Empty.Increment(Node(Main, 1)), PrimeState.Initial(Main), []);
        var seenByMain = baseGossip.MarkSeen(Node(Main, 1));
        var seenByDr = baseGossip.MarkSeen(Node(Dr, 1));
        Assert.Equal([Node(Dr, 1), Node(Main, 1)], seenByMain.Merge(seenByDr).Seen);

        var changedByMain = seenByMain.Update(Node(Main, 1), reachability: Reachability.Empty.Unreachable(Node(Main, 1), Node(Dr, 1)));
        var changedByDr = seenByDr.Update(Node(Dr, 1), reachability: Reachability.Empty.Unreachable(Node(Dr, 1), Node(Main, 1)));
        Assert.Equal(VectorClockOrdering.Concurrent, changedByMain.Version.CompareTo(changedByDr.Version));
        Assert.Empty(changedByMain.Merge(changedByDr).Seen);
    }

}
