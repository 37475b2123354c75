using ActorRealm.Cluster.Prime;
using FsCheck;
using FsCheck.Fluent;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

/// <summary>Whatever order gossip is delivered in, once every node has talked to every other the cluster agrees and converges.</summary>
public sealed class GossipConvergencePropertyTests
{
    [Fact]
    public void Random_delivery_orders_end_in_one_converged_gossip() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(
            Gen.Choose(0, 5).Two().ListOf().Select(l => l.ToArray()).ToArbitrary(),
            deliveries =>
            {
                var cluster = new PureCluster(Layout(3, 3), PrimeState.Initial(Main));
                var addresses = cluster.Addresses.ToArray();
                foreach (var address in addresses)
                {
                    cluster.Join(address, addresses[0]);
                }

                // Random partial gossip, interleaved with leader actions wherever a node thinks it may act.
                foreach (var (from, to) in deliveries)
                {
                    cluster.Apply(addresses[to], s => s.ReceiveGossip(cluster[addresses[from]].Gossip));
                    cluster.Apply(addresses[from], s => s.LeaderActions(cluster.NowUnixMs));
                }

                cluster.Settle();
                var reference = cluster[addresses[0]].Gossip;
                return addresses.All(a => cluster[a].IsConverged && cluster[a].Gossip.ContentEquals(reference)) &&
                       reference.Members.All(m => m.Status == MemberStatus.Up) &&
                       reference.Members.Select(m => m.UpNumber).Distinct().Count() == addresses.Length;
            }));
}
