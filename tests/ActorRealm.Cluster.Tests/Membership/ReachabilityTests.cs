using ActorRealm.Cluster.Membership;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

public sealed class ReachabilityTests
{
    private static readonly NodeId M1 = Node(Main, 1);
    private static readonly NodeId M2 = Node(Main, 2);
    private static readonly NodeId D1 = Node(Dr, 1);

    [Fact]
    public void Unreachable_then_reachable_again_drops_the_observers_records_and_bumps_its_version()
    {
        var unreachable = Reachability.Empty.Unreachable(M1, D1);
        Assert.Equal(ReachabilityStatus.Unreachable, unreachable.StatusOf(M1, D1));
        Assert.False(unreachable.IsReachable(D1));

        var again = unreachable.Reachable(M1, D1);
        Assert.Empty(again.Records);
        Assert.True(again.IsReachable(D1));
        Assert.Equal(2, again.Versions.Single().Value);
    }

    [Fact]
    public void Reachable_again_keeps_the_observers_other_unreachable_records()
    {
        var table = Reachability.Empty.Unreachable(M1, D1).Unreachable(M1, M2).Reachable(M1, D1);
        Assert.Equal(ReachabilityStatus.Reachable, table.StatusOf(M1, D1));
        Assert.Equal(ReachabilityStatus.Unreachable, table.StatusOf(M1, M2));
    }

    [Fact]
    public void Terminated_is_final_and_worst()
    {
        var table = Reachability.Empty.Unreachable(M1, D1).Terminated(M2, D1).Reachable(M2, D1);
        Assert.Equal(ReachabilityStatus.Terminated, table.StatusOf(D1));
        Assert.Equal(ReachabilityStatus.Terminated, table.StatusOf(M2, D1));
    }

    [Fact]
    public void Without_observers_ignores_what_they_saw()
    {
        var table = Reachability.Empty.Unreachable(D1, M1);
        Assert.False(table.IsReachable(M1));
        Assert.True(table.WithoutObservers([D1]).IsReachable(M1));
    }

    [Fact]
    public void Without_nodes_drops_them_as_observers_and_subjects()
    {
        var table = Reachability.Empty.Unreachable(M1, D1).Unreachable(D1, M2).Without(new HashSet<NodeId> { D1 });
        Assert.True(table.IsAllReachable);
        Assert.DoesNotContain(table.Versions, v => v.Key == D1);
    }
}
