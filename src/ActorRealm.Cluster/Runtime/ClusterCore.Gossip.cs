using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Protocol;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// Gossip: on every tick one peer, preferring one that has not seen the current version, gets the
/// full gossip (or only a status digest when it has seen it); every change this node makes is
/// pushed to all reachable members at once; a received gossip is answered with the merge when the
/// merge differs from it, so both ends converge (push-pull).
/// </summary>
internal sealed partial class ClusterCore
{
    private const double PreferUnseen = 0.8;

    private void ReceiveWireMessages()
    {
        Receive<ClusterMessage>(message => !_rt.Accepts(message), _ => { });
        Receive<InitJoin>(OnInitJoin);
        Receive<InitJoinAck>(OnInitJoinAck);
        Receive<InitJoinNack>(_ => { });
        Receive<Join>(OnJoin);
        Receive<Welcome>(OnWelcome);
        Receive<JoinRefused>(OnJoinRefused);
        Receive<GossipEnvelope>(OnGossip);
        Receive<GossipStatus>(OnGossipStatus);
        Receive<LeaveRequest>(request => Apply(_state.Leave(request.Address)));
        Receive<DownRequest>(request => DownAt(request.Address, request.Uid));
        Receive<PrimeSwitchStoreRequest>(OnPrimeSwitchStoreRequest);
    }

    /// <summary>Members to gossip with: live incarnations (and downed ones, so they learn it) that this node reaches.</summary>
    private List<Member> GossipPeers() =>
        [.. _state.Gossip.Members.Where(m => m.Node != _self && _state.Gossip.Reachability.StatusOf(_self, m.Node) == ReachabilityStatus.Reachable)];

    private void GossipTick()
    {
        if (!IsMember || _state.HasLeft)
        {
            return;
        }

        var peers = GossipPeers();
        if (peers.Count == 0)
        {
            return;
        }

        var random = _rt.System.Random;
        var unseen = peers.Where(p => !_state.Gossip.HasSeen(p.Node)).ToList();
        var pool = unseen.Count > 0 && random.NextDouble() < PreferUnseen ? unseen : peers;
        var peer = pool[random.Next(pool.Count)];
        SendGossip(peer.Node, full: !_state.Gossip.HasSeen(peer.Node));
    }

    /// <summary>Sends the full gossip to every reachable member (or to <paramref name="to"/>).</summary>
    private void PushGossip(IEnumerable<NodeId>? to = null)
    {
        foreach (var node in to ?? GossipPeers().Select(p => p.Node))
        {
            SendGossip(node, full: true);
        }
    }

    private void SendGossip(NodeId to, bool full)
    {
        var gossip = _state.Gossip;
        SendTo(to, full
            ? new GossipEnvelope(_rt.Realm, _self, to, gossip)
            : new GossipStatus(_rt.Realm, _self, to, gossip.Version, gossip.Seen));
    }

    private void OnGossip(GossipEnvelope envelope)
    {
        if (envelope.To != _self || !IsMember)
        {
            return;
        }

        if (!AcceptsGossipFrom(envelope.From, envelope.Gossip))
        {
            return;
        }

        var transition = _state.ReceiveGossip(envelope.Gossip);
        if (transition.Rejection is not null)
        {
            Apply(transition);
            return;
        }

        Apply(transition);
        if (!_state.Gossip.Equals(envelope.Gossip) && IsMember)
        {
            SendGossip(envelope.From, full: true);
        }
    }

    private void OnGossipStatus(GossipStatus status)
    {
        if (status.To != _self || !IsMember)
        {
            return;
        }

        if (!AcceptsGossipFrom(status.From, gossip: null))
        {
            if (!_state.Gossip.IsRemoved(status.From))
            {
                // An unknown member of this cluster's lineage: show it this gossip, so it answers with its own.
                SendGossip(status.From, full: true);
            }

            return;
        }

        var local = _state.Gossip;
        switch (local.Version.CompareTo(status.Version))
        {
            case VectorClockOrdering.Before:
                SendGossip(status.From, full: false);
                break;
            case VectorClockOrdering.After or VectorClockOrdering.Concurrent:
                SendGossip(status.From, full: true);
                break;
            default:
                // Same version, same content: only the seen sets may differ; unite them.
                var seen = local;
                foreach (var node in status.Seen.Where(n => local.GetMember(n) is not null))
                {
                    seen = seen.MarkSeen(node);
                }

                if (!ReferenceEquals(seen, local))
                {
                    _state = _state with { Gossip = seen };
                    PublishStatus();
                }

                if (!_state.Gossip.Seen.IsSubsetOf(status.Seen))
                {
                    SendGossip(status.From, full: false);
                }

                break;
        }
    }

    /// <summary>
    /// Gossip is merged from members, and from an unknown sender whose gossip has this node as a
    /// member (it joined through a node that restarted before spreading the join: merging restores
    /// the join). A removed sender instead gets this node's gossip, which tells it that it was removed.
    /// Gossip of another cluster (without this node) is not merged; the probes of absent members
    /// bring separated clusters together.
    /// </summary>
    private bool AcceptsGossipFrom(NodeId from, Gossip? gossip)
    {
        if (_state.Gossip.GetMember(from) is not null)
        {
            return true;
        }

        if (_state.Gossip.IsRemoved(from))
        {
            SendGossip(from, full: true);
            return false;
        }

        return gossip?.GetMember(_self) is { Status: not MemberStatus.Down };
    }

    private void LeaderActionsTick()
    {
        if (!IsMember || _state.HasLeft)
        {
            return;
        }

        var pruned = _state.PruneTombstones(_rt.UnixNowMs - (long)Settings.TombstoneRetention.TotalMilliseconds);
        if (!ReferenceEquals(pruned.Gossip, _state.Gossip) && !pruned.Gossip.Equals(_state.Gossip))
        {
            _state = pruned;
        }

        if (_state.LeaderActionsBlockedBy is null)
        {
            Apply(_state.LeaderActions(_rt.UnixNowMs));
        }
    }
}
