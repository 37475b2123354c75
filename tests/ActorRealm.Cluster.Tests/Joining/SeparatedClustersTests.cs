using ActorRealm.Cluster.Joining;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Tests.Joining;

public sealed class SeparatedClustersTests
{
    private static readonly PrimeState Epoch0 = PrimeState.Initial("main");
    private static readonly PrimeState Epoch1 = Epoch0.SwitchTo("dr", "ops", DateTimeOffset.UnixEpoch, Guid.Empty);

    /// <summary>Every pair of disjoint sides in one prime state (at most one has quorum) and where the first seed is.</summary>
    public static TheoryData<bool, bool, bool, bool, string> Pairs()
    {
        var data = new TheoryData<bool, bool, bool, bool, string>();
        bool[] both = [false, true];
        foreach (var aFormed in both)
        {
            foreach (var aQuorum in both)
            {
                foreach (var bFormed in both)
                {
                    foreach (var bQuorum in both.Where(q => !(q && aQuorum)))
                    {
                        foreach (var firstSeed in new[] { "a", "b", "neither" })
                        {
                            data.Add(aFormed, aQuorum, bFormed, bQuorum, firstSeed);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Two_separated_sides_never_both_move_and_without_quorum_one_moves_when_either_holds_the_first_seed(
        bool aFormed, bool aQuorum, bool bFormed, bool bQuorum, string firstSeed)
    {
        var a = new ClusterSide(aFormed, aQuorum, Epoch0);
        var b = new ClusterSide(bFormed, bQuorum, Epoch0);
        var aMoves = SeparatedClusters.Decide(a, b, otherIsFirstSeed: firstSeed == "b") != SeparatedClusterVerdict.Stay;
        var bMoves = SeparatedClusters.Decide(b, a, otherIsFirstSeed: firstSeed == "a") != SeparatedClusterVerdict.Stay;

        Assert.False(aMoves && bMoves, "both sides would restart and look for each other again");
        if (!aQuorum && !bQuorum && firstSeed != "neither")
        {
            Assert.True(aMoves || bMoves, "two sides without quorum would wait for each other forever");
        }

        if (aQuorum && aFormed)
        {
            Assert.True(bMoves, "a formed side with quorum takes the other side in");
        }
    }

    [Fact]
    public void Two_forming_halves_without_quorum_the_chaos_seeds_423_and_277_case_move_to_the_first_seeds()
    {
        var forming = new ClusterSide(Formed: false, HasQuorum: false, Epoch0);
        Assert.Equal(SeparatedClusterVerdict.JoinFirstSeedsCluster, SeparatedClusters.Decide(forming, forming, otherIsFirstSeed: true));
        Assert.Equal(SeparatedClusterVerdict.Stay, SeparatedClusters.Decide(forming, forming, otherIsFirstSeed: false));
    }

    [Fact]
    public void A_forming_cluster_moves_to_a_formed_one_even_when_it_holds_the_first_seed_or_has_quorum()
    {
        var formed = new ClusterSide(Formed: true, HasQuorum: false, Epoch0);
        Assert.Equal(SeparatedClusterVerdict.JoinFormedCluster, SeparatedClusters.Decide(new ClusterSide(false, false, Epoch0), formed, otherIsFirstSeed: false));
        Assert.Equal(SeparatedClusterVerdict.JoinFormedCluster, SeparatedClusters.Decide(new ClusterSide(false, true, Epoch0), formed, otherIsFirstSeed: false));
        Assert.Equal(SeparatedClusterVerdict.Stay, SeparatedClusters.Decide(formed, new ClusterSide(false, false, Epoch0), otherIsFirstSeed: true));
    }

    [Fact]
    public void A_formed_side_without_quorum_moves_to_one_with_quorum_only_in_the_same_or_a_newer_prime_state()
    {
        var withQuorum = new ClusterSide(Formed: true, HasQuorum: true, Epoch0);
        Assert.Equal(SeparatedClusterVerdict.JoinClusterWithQuorum, SeparatedClusters.Decide(new ClusterSide(true, false, Epoch0), withQuorum, otherIsFirstSeed: false));

        // The other side is behind: it adopts this side's prime state when it hears from it, then decides.
        Assert.Equal(SeparatedClusterVerdict.Stay, SeparatedClusters.Decide(new ClusterSide(true, false, Epoch1), withQuorum, otherIsFirstSeed: true));
    }

    [Fact]
    public void A_side_with_quorum_never_moves_to_the_first_seeds_side()
    {
        var firstSeeds = new ClusterSide(Formed: true, HasQuorum: false, Epoch0);
        Assert.Equal(SeparatedClusterVerdict.Stay, SeparatedClusters.Decide(new ClusterSide(true, true, Epoch0), firstSeeds, otherIsFirstSeed: true));
        Assert.Equal(SeparatedClusterVerdict.Stay, SeparatedClusters.Decide(new ClusterSide(false, true, Epoch0), new ClusterSide(false, false, Epoch0), otherIsFirstSeed: true));
    }
}
