using ActorRealm.Contracts.Persistence;
using ActorRealm.Contracts.Wire;
using Google.Protobuf;

namespace ActorRealm.Contracts;

// The persistence contracts (Protos/persistence.proto): requests to persistence servers, their answers and the
// realm servers' persistence directory.
public sealed partial class ContractsSerializer
{
    private const string PublishManifest = "PUB";
    private const string AcknowledgedManifest = "ACK";
    private const string RedirectManifest = "RDR";
    private const string RefusedManifest = "REF";
    private const string ReadChannelManifest = "RCH";
    private const string ChannelMessagesManifest = "CHM";
    private const string StorePositionManifest = "SSP";
    private const string ReadPositionManifest = "RSP";
    private const string PositionManifest = "SPA";
    private const string DirectoryRequestManifest = "PDQ";
    private const string DirectoryManifest = "PDR";

    private static string? PersistenceManifest(object? o) => o switch
    {
        PublishRequest => PublishManifest,
        RequestAcknowledged => AcknowledgedManifest,
        RedirectToLeader => RedirectManifest,
        RequestRefused => RefusedManifest,
        ReadChannelRequest => ReadChannelManifest,
        ChannelMessages => ChannelMessagesManifest,
        StoreSubscriptionPosition => StorePositionManifest,
        ReadSubscriptionPosition => ReadPositionManifest,
        SubscriptionPositionAnswer => PositionManifest,
        PersistenceDirectoryRequest => DirectoryRequestManifest,
        PersistenceDirectory => DirectoryManifest,
        _ => null,
    };

    private static IMessage? PersistenceToProto(object? o) => o switch
    {
        PublishRequest p => new PublishRequestProto { RequestId = p.RequestId, Channel = p.Channel, ProducerId = p.ProducerId, ProducerSeq = p.ProducerSeq, Data = ByteString.CopyFrom(p.Data.Span) },
        RequestAcknowledged a => new RequestAcknowledgedProto { RequestId = a.RequestId, Offset = a.Offset, Index = a.Index, Epoch = a.Epoch },
        RedirectToLeader r => new RedirectToLeaderProto { RequestId = r.RequestId, Leader = r.Leader, LeaderPath = r.LeaderPath },
        RequestRefused r => new RequestRefusedProto { RequestId = r.RequestId, Code = (int)r.Code, Retryable = r.Retryable, Message = r.Message },
        ReadChannelRequest r => new ReadChannelRequestProto { RequestId = r.RequestId, Channel = r.Channel, FromOffset = r.FromOffset, MaxMessages = r.MaxMessages, AnyServer = r.AnyServer },
        ChannelMessages m => ToProto(m),
        StoreSubscriptionPosition s => new StoreSubscriptionPositionProto { RequestId = s.RequestId, Channel = s.Channel, Subscription = s.Subscription, Offset = s.Offset },
        ReadSubscriptionPosition r => new ReadSubscriptionPositionProto { RequestId = r.RequestId, Channel = r.Channel, Subscription = r.Subscription },
        SubscriptionPositionAnswer a => new SubscriptionPositionAnswerProto { RequestId = a.RequestId, Channel = a.Channel, Subscription = a.Subscription, Offset = a.Offset, Stored = a.Stored },
        PersistenceDirectoryRequest => new PersistenceDirectoryRequestProto(),
        PersistenceDirectory d => ToProto(d),
        _ => null,
    };

    private static object? PersistenceFromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case PublishManifest:
                var p = PublishRequestProto.Parser.ParseFrom(bytes);
                return new PublishRequest(p.RequestId, p.Channel, p.ProducerId, p.ProducerSeq, p.Data.ToByteArray());
            case AcknowledgedManifest:
                var a = RequestAcknowledgedProto.Parser.ParseFrom(bytes);
                return new RequestAcknowledged(a.RequestId, a.Offset, a.Index, a.Epoch);
            case RedirectManifest:
                var r = RedirectToLeaderProto.Parser.ParseFrom(bytes);
                return new RedirectToLeader(r.RequestId, r.Leader, r.LeaderPath);
            case RefusedManifest:
                // A code this client does not know stays as its number: Retryable, which travels with it, says what to do.
                var f = RequestRefusedProto.Parser.ParseFrom(bytes);
                return new RequestRefused(f.RequestId, (RefusalCode)f.Code, f.Retryable, f.Message);
            case ReadChannelManifest:
                var rc = ReadChannelRequestProto.Parser.ParseFrom(bytes);
                return new ReadChannelRequest(rc.RequestId, rc.Channel, rc.FromOffset, rc.MaxMessages, rc.AnyServer);
            case ChannelMessagesManifest:
                return FromProto(ChannelMessagesProto.Parser.ParseFrom(bytes));
            case StorePositionManifest:
                var s = StoreSubscriptionPositionProto.Parser.ParseFrom(bytes);
                return new StoreSubscriptionPosition(s.RequestId, s.Channel, s.Subscription, s.Offset);
            case ReadPositionManifest:
                var rp = ReadSubscriptionPositionProto.Parser.ParseFrom(bytes);
                return new ReadSubscriptionPosition(rp.RequestId, rp.Channel, rp.Subscription);
            case PositionManifest:
                var sp = SubscriptionPositionAnswerProto.Parser.ParseFrom(bytes);
                return new SubscriptionPositionAnswer(sp.RequestId, sp.Channel, sp.Subscription, sp.Offset, sp.Stored);
            case DirectoryRequestManifest:
                return Parsed(PersistenceDirectoryRequestProto.Parser.ParseFrom(bytes), PersistenceDirectoryRequest.Instance);
            case DirectoryManifest:
                return FromProto(PersistenceDirectoryProto.Parser.ParseFrom(bytes));
            default:
                return null;
        }
    }

    private static ChannelMessagesProto ToProto(ChannelMessages m)
    {
        var proto = new ChannelMessagesProto { RequestId = m.RequestId, Server = m.Server, Channel = m.Channel, NextOffset = m.NextOffset, EndOffset = m.EndOffset, FirstOffset = m.FirstOffset };
        proto.Messages.AddRange(m.Messages.Select(x => new ChannelMessageProto
        {
            Offset = x.Offset,
            Index = x.Index,
            ProducerId = x.ProducerId,
            ProducerSeq = x.ProducerSeq,
            Data = ByteString.CopyFrom(x.Data.Span),
        }));
        return proto;
    }

    private static ChannelMessages FromProto(ChannelMessagesProto p) => new(
        p.RequestId,
        p.Server,
        p.Channel,
        [.. p.Messages.Select(x => new ChannelMessage(x.Offset, x.Index, x.ProducerId, x.ProducerSeq, x.Data.ToByteArray()))],
        p.NextOffset,
        p.EndOffset,
        p.FirstOffset);

    private static PersistenceDirectoryProto ToProto(PersistenceDirectory d)
    {
        var proto = new PersistenceDirectoryProto { RealmServer = d.RealmServer, PrimarySet = d.PrimarySet, Epoch = d.Epoch, Leader = d.Leader ?? string.Empty };
        proto.Servers.AddRange(d.Servers.Select(s => new PersistenceServerEntryProto { Name = s.Name, Set = s.Set, Site = s.Site, Address = s.Address, Path = s.Path }));
        return proto;
    }

    private static PersistenceDirectory FromProto(PersistenceDirectoryProto p) => new(
        p.RealmServer,
        p.PrimarySet,
        p.Epoch,
        p.Leader.Length == 0 ? null : p.Leader,
        [.. p.Servers.Select(s => new PersistenceServerEntry(s.Name, s.Set, s.Site, s.Address, s.Path))]);
}
