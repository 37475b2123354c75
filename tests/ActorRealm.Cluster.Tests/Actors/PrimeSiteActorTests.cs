using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using Akka.Actor;
using Xunit.Abstractions;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>The prime site actor on real systems: who may switch, store before adopting, and whose adverts count.</summary>
[Collection(RealSystems.Name)]
public sealed class PrimeSiteActorTests(ITestOutputHelper output) : RealSystemsTestKit(output)
{
    [Fact]
    public async Task A_node_that_is_not_a_member_refuses_a_switch()
    {
        // dr-1 is not the first seed and main-1 never starts: it keeps trying to join.
        await using var realm = new LoopbackRealm(output: Output);
        var dr = RealmCluster.Get(realm.Start("dr-1"));

        var outcome = await dr.RequestPrimeSwitchAsync("dr", confirmSiteDown: "main", requestedBy: "ops").WaitAsync(Deadline);

        Assert.False(outcome.Accepted);
        Assert.Equal(PrimeSwitchRefusal.NotAMember, outcome.Refusal);
        Assert.Equal($"Node dr-1 ({realm.AddressOf("dr-1")}) is not a member of the cluster; ask a member of the surviving side.", outcome.Message);
        Assert.Equal(PrimeState.Initial("main"), outcome.Prime);
        Assert.Equal(PrimeState.Initial("main"), dr.Prime);
    }

    [Fact]
    public async Task A_switch_that_cannot_be_stored_is_not_adopted_and_the_same_switch_succeeds_once_the_store_can_write()
    {
        // dr-1 forms a cluster of its own (it is its only seed); main-1 never starts.
        await using var realm = new LoopbackRealm(output: Output);
        var data = realm.DataDirectoryOf("dr-1");
        var system = realm.Start("dr-1", extra: $"actorrealm.cluster.seed-nodes = [\"{realm.AddressOf("dr-1")}\"]", dataDirectory: data);
        var dr = RealmCluster.Get(system);
        var events = EventsOf<PrimeChanged>(system);
        await dr.WhenStatusAsync(s => s.SelfStatus == ClusterMemberStatus.Up).WaitAsync(Deadline);
        await AwaitConditionAsync(() => Task.FromResult(dr.Setup.State.UnreachableFor().GetValueOrDefault(realm.AddressOf("main-1")) > TimeSpan.FromMilliseconds(600)), Deadline);

        using (ReadOnly(data))
        {
            var refused = await dr.RequestPrimeSwitchAsync("dr", confirmSiteDown: "main", requestedBy: "ops").WaitAsync(Deadline);

            Assert.False(refused.Accepted);
            Assert.Equal(PrimeSwitchRefusal.StoreFailed, refused.Refusal);
            Assert.Equal($"Could not store the new prime state in {Path.Combine(data, PrimeEpochStore.FileName)}; the switch was not made. See the node's log.", refused.Message);
            Assert.Equal(PrimeState.Initial("main"), refused.Prime);
            Assert.Equal(PrimeState.Initial("main"), dr.Prime);
            Assert.False(File.Exists(Path.Combine(data, PrimeEpochStore.FileName)));
            events.ExpectNoMsg(TimeSpan.Zero);
        }

        var accepted = await dr.RequestPrimeSwitchAsync("dr", confirmSiteDown: "main", requestedBy: "ops").WaitAsync(Deadline);

        Assert.True(accepted.Accepted, accepted.Message);
        Assert.Equal(("dr", 1L), (accepted.Prime.Site, accepted.Prime.Epoch));
        Assert.Equal([realm.AddressOf("dr-1")], accepted.StoredBy.ToArray());
        Assert.Equal(accepted.Prime, new PrimeEpochStore(data).Load());
        Assert.Equal(accepted.Prime, dr.Prime);
        var changed = await events.ExpectMsgAsync<PrimeChanged>(Deadline);
        Assert.Equal((PrimeState.Initial("main"), accepted.Prime), (changed.Previous, changed.Current));
        await dr.WhenStatusAsync(s => s.IsServing && s.PrimeSite == "dr").WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_newer_state_advertised_by_a_member_is_stored_and_adopted_and_one_from_a_non_member_is_ignored()
    {
        await using var realm = new LoopbackRealm(output: Output);
        var mainData = realm.DataDirectoryOf("main-1");
        var main = realm.Start("main-1", dataDirectory: mainData);
        var dr = realm.Start("dr-1");
        await Task.WhenAll(new[] { main, dr }.Select(s => RealmCluster.Get(s).WhenStatusAsync(st => st.IsServing && st.IsConverged && st.Members.Count(m => m.Status == ClusterMemberStatus.Up) == 2).WaitAsync(Deadline)));
        var events = EventsOf<PrimeChanged>(main);
        var epoch0 = PrimeState.Initial("main");
        var fromMember = epoch0.SwitchTo("main", "ops via dr-1", new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.NewGuid());
        var fromFormerIncarnation = fromMember.SwitchTo("dr", "an old incarnation of dr-1", fromMember.SwitchedAt.AddMinutes(1), Guid.NewGuid());
        var fromStranger = fromFormerIncarnation.SwitchTo("dr", "a stranger", fromMember.SwitchedAt.AddMinutes(2), Guid.NewGuid());
        var drNode = RealmCluster.Get(dr).SelfNode;
        var mainPrime = dr.ActorSelection(new RootActorPath(AkkaCluster.Get(main).SelfAddress) / "system" / PrimeSiteActor.Name);

        // Sent in this order over one association: if a non-member's advert counted, main would adopt it first.
        mainPrime.Tell(new PrimeAdvert(drNode with { Uid = drNode.Uid + 1 }, fromFormerIncarnation));
        mainPrime.Tell(new PrimeAdvert(new NodeId(realm.Outsider, 1), fromStranger));
        mainPrime.Tell(new PrimeAdvert(drNode, fromMember));

        var changed = await events.ExpectMsgAsync<PrimeChanged>(Deadline);
        Assert.Equal((epoch0, fromMember), (changed.Previous, changed.Current));
        Assert.Equal(fromMember, RealmCluster.Get(main).Prime);
        Assert.Equal(fromMember, new PrimeEpochStore(mainData).Load());
        await AwaitConditionAsync(() => Task.FromResult(RealmCluster.Get(dr).Prime == fromMember), Deadline);
        events.ExpectNoMsg(TimeSpan.Zero);
    }

    /// <summary>
    /// Makes <paramref name="directory"/> unwritable until disposed: mode 0555, and (for root, which
    /// ignores the mode) a directory where the store writes its temporary file.
    /// </summary>
    private static ReadOnlyDirectory ReadOnly(string directory) => new(directory);

    private sealed class ReadOnlyDirectory : IDisposable
    {
        private readonly string _directory;
        private readonly string _blocker;
        private readonly UnixFileMode? _mode;

        public ReadOnlyDirectory(string directory)
        {
            _directory = directory;
            _blocker = Directory.CreateDirectory(Path.Combine(directory, PrimeEpochStore.FileName + ".tmp")).FullName;
            if (!OperatingSystem.IsWindows())
            {
                _mode = File.GetUnixFileMode(directory);
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }

        public void Dispose()
        {
            if (!OperatingSystem.IsWindows() && _mode is { } mode)
            {
                File.SetUnixFileMode(_directory, mode);
            }

            Directory.Delete(_blocker);
        }
    }
}
