using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using W = ActorRealm.Cluster.Wire;

namespace ActorRealm.Cluster.Serialization;

/// <summary>The gossip to and from its wire form (nodes listed once, referred to by index).</summary>
internal static class GossipWire
{
    public static W.Gossip ToProto(Gossip gossip)
    {
        var proto = new W.Gossip { Prime = WireNodes.ToProto(gossip.Prime) };
        var table = new WireNodes.Table(proto.Nodes);
        foreach (var member in gossip.Members)
        {
            var wire = new W.Member
            {
                Node = table.IndexOf(member.Node),
                Site = member.Site,
                Status = (W.MemberStatus)(int)member.Status,
                UpNumber = member.UpNumber == Member.NotUp ? 0 : member.UpNumber,
                Name = member.Name,
            };
            wire.Roles.AddRange(member.Roles);
            proto.Members.Add(wire);
        }

        var records = gossip.Reachability.Records.ToLookup(r => r.Observer);
        foreach (var (observer, version) in gossip.Reachability.Versions)
        {
            var rows = new W.ObserverRows { Observer = table.IndexOf(observer), Version = version };
            foreach (var record in records[observer])
            {
                rows.Records.Add(new W.ReachabilityRecord { Subject = table.IndexOf(record.Subject), Status = (W.ReachabilityStatus)(int)record.Status, Version = record.Version });
            }

            proto.Reachability.Add(rows);
        }

        proto.Seen.AddRange(gossip.Seen.Select(table.IndexOf));
        table.AddVersions(gossip.Version, proto.Version);
        foreach (var (node, removedAt) in gossip.Tombstones)
        {
            proto.Tombstones.Add(new W.Tombstone { Node = table.IndexOf(node), RemovedAtUnixMs = removedAt });
        }

        return proto;
    }

    public static Gossip FromProto(W.Gossip? proto)
    {
        if (proto is null)
        {
            throw new InvalidDataException("The message has no gossip.");
        }

        var nodes = new WireNodes.Lookup(proto.Nodes);
        var members = proto.Members.Select(m => ReadMember(m, nodes)).ToList();
        var versions = proto.Reachability.Select(o => KeyValuePair.Create(nodes[o.Observer], o.Version)).ToList();
        var records = proto.Reachability.SelectMany(o => o.Records.Select(r => ReadRecord(nodes[o.Observer], r, nodes))).ToList();
        Reachability reachability;
        try
        {
            reachability = Reachability.Create(versions, records);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The gossip's reachability table is malformed: {e.Message}", e);
        }

        var tombstones = proto.Tombstones.Select(t => KeyValuePair.Create(nodes[t.Node], t.RemovedAtUnixMs));
        return Gossip.Create(members, reachability, proto.Seen.Select(i => nodes[i]), nodes.Versions(proto.Version), WireNodes.FromProto(proto.Prime), tombstones);
    }

    private static Member ReadMember(W.Member wire, WireNodes.Lookup nodes)
    {
        if (!Enum.IsDefined((MemberStatus)(int)wire.Status) || wire.UpNumber < 0 || wire.Site.Length == 0)
        {
            throw new InvalidDataException($"A gossip member record is malformed (status {wire.Status}, up-number {wire.UpNumber}, site '{wire.Site}').");
        }

        return new Member(
            nodes[wire.Node],
            wire.Site,
            wire.Roles.ToImmutableSortedSet(StringComparer.Ordinal),
            (MemberStatus)(int)wire.Status,
            wire.UpNumber == 0 ? Member.NotUp : wire.UpNumber) { Name = wire.Name };
    }

    private static ReachabilityRecord ReadRecord(NodeId observer, W.ReachabilityRecord wire, WireNodes.Lookup nodes)
    {
        if (!Enum.IsDefined((ReachabilityStatus)(int)wire.Status) || wire.Version < 0)
        {
            throw new InvalidDataException($"A reachability record is malformed (status {wire.Status}, version {wire.Version}).");
        }

        return new ReachabilityRecord(observer, nodes[wire.Subject], (ReachabilityStatus)(int)wire.Status, wire.Version);
    }
}
