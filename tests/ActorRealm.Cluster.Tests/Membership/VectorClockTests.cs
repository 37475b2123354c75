using ActorRealm.Cluster.Membership;
using FsCheck;
using FsCheck.Fluent;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

public sealed class VectorClockTests
{
    private static readonly NodeId A = Node(Main, 1);
    private static readonly NodeId B = Node(Dr, 1);

    private static Arbitrary<(VectorClock, VectorClock)> Pairs =>
        Clocks.Two().Select(t => (t.Item1, t.Item2)).ToArbitrary();

    private static Gen<VectorClock> Clocks =>
        Gen.CollectToList(GossipGenerators.Pool.Take(4), n => Gen.Choose(0, 3).Select(v => KeyValuePair.Create(n, (long)v))).Select(VectorClock.From);

    [Fact]
    public void Compares_same_before_after_and_concurrent()
    {
        var a1 = VectorClock.Empty.Increment(A);
        var a1b1 = a1.Increment(B);
        var b1 = VectorClock.Empty.Increment(B);
        Assert.Equal(VectorClockOrdering.Same, a1.CompareTo(VectorClock.Empty.Increment(A)));
        Assert.Equal(VectorClockOrdering.Before, a1.CompareTo(a1b1));
        Assert.Equal(VectorClockOrdering.After, a1b1.CompareTo(b1));
        Assert.Equal(VectorClockOrdering.Concurrent, a1.CompareTo(b1));
    }

    [Fact]
    public void Merge_takes_the_pointwise_maximum_and_prune_drops_a_node()
    {
        var merged = VectorClock.Empty.Increment(A).Increment(A).Merge(VectorClock.Empty.Increment(B).Increment(A));
        Assert.Equal(2, merged[A]);
        Assert.Equal(1, merged[B]);
        Assert.Equal(0, merged.Prune([A])[A]);
        Assert.Equal(1, merged.Prune([A])[B]);
    }

    [Fact]
    public void Comparison_is_antisymmetric() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Pairs, p => (p.Item1.CompareTo(p.Item2), p.Item2.CompareTo(p.Item1)) switch
        {
            (VectorClockOrdering.Before, VectorClockOrdering.After) or (VectorClockOrdering.After, VectorClockOrdering.Before) => true,
            (VectorClockOrdering.Same, VectorClockOrdering.Same) => p.Item1.Equals(p.Item2),
            (VectorClockOrdering.Concurrent, VectorClockOrdering.Concurrent) => true,
            _ => false,
        }));

    [Fact]
    public void Merge_is_commutative_and_after_or_same_as_both() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Pairs, p =>
        {
            var merged = p.Item1.Merge(p.Item2);
            return merged.Equals(p.Item2.Merge(p.Item1)) &&
                   merged.CompareTo(p.Item1) is VectorClockOrdering.After or VectorClockOrdering.Same &&
                   merged.CompareTo(p.Item2) is VectorClockOrdering.After or VectorClockOrdering.Same;
        }));
}
