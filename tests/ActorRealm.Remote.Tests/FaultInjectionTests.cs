using ActorRealm.Actors.Deterministic;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Transport.InMemory;

namespace ActorRealm.Remote.Tests;

/// <summary>Fault injection on the deterministic in-memory network (virtual time: these run in milliseconds).</summary>
public sealed class FaultInjectionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly Simulation _sim = new(seed: 1);
    private readonly InMemoryNetwork _network;
    private readonly FaultInjector _faults;
    private readonly SimNode _a;
    private readonly SimNode _b;

    public FaultInjectionTests()
    {
        _network = new InMemoryNetwork(_sim.Time, _sim.Executor.Post, TimeSpan.FromMilliseconds(1));
        _faults = new FaultInjector(seed: 11, _sim.Time, _sim.Executor.Post);
        _a = SimNode.Start(_network, 1, seed: 1, _faults);
        _b = SimNode.Start(_network, 2, seed: 2, _faults);
    }

    [Fact]
    public void Blackhole_both_ways_loses_traffic_reports_the_peer_unreachable_and_heal_restores_it()
    {
        Exchange(0);

        _faults.Blackhole(_a.Endpoint, _b.Endpoint, Direction.Both);
        _a.Remoting.Send(_b.Address, Frames.Envelope("lost", 1));
        _b.Remoting.Send(_a.Address, Frames.Envelope("lost", 1));

        Assert.True(_sim.RunUntil(() => _a.Handler.Unreachable.Contains(_b.Remoting.Self) && _b.Handler.Unreachable.Contains(_a.Remoting.Self), Deadline));
        Assert.DoesNotContain(_b.Handler.Envelopes, e => e.Recipient == "lost");
        Assert.Contains(_a.Logs.Warnings, w => w.Message.Contains("no heartbeat response", StringComparison.Ordinal));

        _faults.Heal(_a.Endpoint, _b.Endpoint);
        Exchange(2);
        Assert.True(_a.Remoting.AssociationWith(_b.Address).IsEstablished);
    }

    [Fact]
    public void Heartbeats_keep_an_idle_healthy_association_up_far_past_the_unreachability_timeout()
    {
        Exchange(0);
        var peerOfA = _a.Remoting.AssociationWith(_b.Address).Peer;
        var peerOfB = _b.Remoting.AssociationWith(_a.Address).Peer;

        // No user traffic at all, for ten times address-terminated-after (and twenty heartbeat timeouts).
        _sim.RunFor(10 * _a.Remoting.Settings.AddressTerminatedAfter);

        foreach (var (node, peer, association) in new[] { (_a, _b, peerOfA), (_b, _a, peerOfB) })
        {
            Assert.Empty(node.Handler.Unreachable);
            Assert.Empty(node.Handler.Gone);
            Assert.False(node.Remoting.IsQuarantined(peer.Remoting.Self));
            Assert.True(node.Remoting.AssociationWith(peer.Address).IsEstablished);
            Assert.Equal(association, node.Remoting.AssociationWith(peer.Address).Peer);

            // The same connection all along: never replaced for silence, on either side.
            Assert.Single(node.Logs.Lines, l => l.Message.StartsWith("Associated with", StringComparison.Ordinal));
            Assert.True(node.Logs.Warnings.Count == 0, node.Logs.Dump());
        }

        Exchange(1);
    }

    [Fact]
    public void A_one_way_blackhole_loses_only_that_direction()
    {
        Exchange(0);
        _faults.Blackhole(_a.Endpoint, _b.Endpoint, Direction.Send);

        _a.Remoting.Send(_b.Address, Frames.Envelope("a-to-b", 1));
        _b.Remoting.Send(_a.Address, Frames.Envelope("b-to-a", 1));

        Assert.True(_sim.RunUntil(() => _a.Handler.Envelopes.Any(e => e.Recipient == "b-to-a"), Deadline));
        _sim.RunFor(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(_b.Handler.Envelopes, e => e.Recipient == "a-to-b");
    }

    [Fact]
    public void Delay_holds_frames_for_the_virtual_delay_and_keeps_their_order()
    {
        Exchange(0);
        _faults.Delay(_a.Endpoint, _b.Endpoint, TimeSpan.FromMilliseconds(300), Direction.Send);
        var sentAt = _sim.Time.Elapsed;
        for (var i = 0; i < 20; i++)
        {
            _a.Remoting.Send(_b.Address, Frames.Envelope("delayed", i));
        }

        Assert.True(_sim.RunUntil(() => _b.Handler.Envelopes.Count(e => e.Recipient == "delayed") == 20, Deadline));
        Assert.True(_sim.Time.Elapsed - sentAt >= TimeSpan.FromMilliseconds(301), $"delivered after {_sim.Time.Elapsed - sentAt}");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), _b.Handler.Envelopes.Where(e => e.Recipient == "delayed").Select(Frames.Sequence));
    }

    [Fact]
    public void A_seeded_drop_rate_loses_about_that_share_and_the_rest_stay_in_order()
    {
        Exchange(0);
        _faults.DropRate(_a.Endpoint, _b.Endpoint, 0.3, Direction.Send);
        for (var i = 0; i < 1000; i++)
        {
            _a.Remoting.Send(_b.Address, Frames.Envelope("lossy", i));
        }

        _sim.RunFor(TimeSpan.FromSeconds(1));
        var delivered = _b.Handler.Envelopes.Where(e => e.Recipient == "lossy").Select(Frames.Sequence).ToList();
        Assert.InRange(delivered.Count, 620, 780);
        Assert.Equal(delivered.Order(), delivered);
    }

    [Fact]
    public void Throttle_spreads_frames_over_time_at_the_given_rate()
    {
        Exchange(0);
        _faults.Throttle(_a.Endpoint, _b.Endpoint, bytesPerSecond: 10_000, Direction.Send);
        var sentAt = _sim.Time.Elapsed;
        for (var i = 0; i < 10; i++)
        {
            _a.Remoting.Send(_b.Address, Frames.Envelope("slow", i, payloadBytes: 1000));
        }

        Assert.True(_sim.RunUntil(() => _b.Handler.Envelopes.Count(e => e.Recipient == "slow") == 10, Deadline));
        var took = _sim.Time.Elapsed - sentAt;
        Assert.InRange(took.TotalSeconds, 1.0, 1.3);
    }

    [Fact]
    public void Faults_and_heal_switch_at_runtime()
    {
        Assert.True(_faults.FaultsOn(_a.Endpoint, _b.Endpoint).IsNone);
        _faults.Blackhole(_a.Endpoint, _b.Endpoint, Direction.Receive);
        _faults.Delay(_a.Endpoint, _b.Endpoint, TimeSpan.FromSeconds(1));
        Assert.Equal(new LinkFaults(Blackhole: true, Delay: TimeSpan.FromSeconds(1)), _faults.FaultsOn(_b.Endpoint, _a.Endpoint));
        Assert.Equal(new LinkFaults(Delay: TimeSpan.FromSeconds(1)), _faults.FaultsOn(_a.Endpoint, _b.Endpoint));
        _faults.Heal(_b.Endpoint, _a.Endpoint);
        Assert.True(_faults.FaultsOn(_a.Endpoint, _b.Endpoint).IsNone && _faults.FaultsOn(_b.Endpoint, _a.Endpoint).IsNone);
    }

    public void Dispose() => _sim.Dispose();

    /// <summary>Sends one frame each way and runs until both arrived.</summary>
    private void Exchange(int round)
    {
        var recipient = $"round-{round}";
        _a.Remoting.Send(_b.Address, Frames.Envelope(recipient, round));
        _b.Remoting.Send(_a.Address, Frames.Envelope(recipient, round));
        Assert.True(
            _sim.RunUntil(() => _a.Handler.Envelopes.Any(e => e.Recipient == recipient) && _b.Handler.Envelopes.Any(e => e.Recipient == recipient), Deadline),
            _a.Logs.Dump() + _b.Logs.Dump());
    }
}
