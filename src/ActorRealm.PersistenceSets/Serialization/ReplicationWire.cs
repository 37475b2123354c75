using System.Runtime.Serialization;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Wire;
using Google.Protobuf;

namespace ActorRealm.PersistenceSets.Serialization;

/// <summary>
/// Maps the replication machine's records (peer messages, log entries, hard state), the client protocol and the
/// journal events to and from their protobuf bodies. Decoding checks what protobuf cannot: required sub-messages are
/// present, a log entry has a payload, enum values are defined; anything else is a <see cref="SerializationException"/>.
/// </summary>
internal static class ReplicationWire
{
    public static EpochRecordProto ToProto(EpochRecord e) => new() { Epoch = e.Epoch, PrimarySet = e.PrimarySet, FirstIndex = e.FirstIndex };

    public static EpochRecord FromProto(EpochRecordProto? p) =>
        p is null ? throw Missing("epoch") : new EpochRecord(p.Epoch, p.PrimarySet, p.FirstIndex);

    public static PublishProto ToProto(Publish p) =>
        new() { Channel = p.Channel, ProducerId = p.ProducerId, ProducerSeq = p.ProducerSeq, Data = ByteString.CopyFrom(p.Data.Span), Timestamp = p.Timestamp };

    public static Publish FromProto(PublishProto? p) =>
        p is null ? throw Missing("message") : new Publish(p.Channel, p.ProducerId, p.ProducerSeq, p.Data.ToByteArray(), p.Timestamp);

    public static PositionProto ToProto(SubscriptionPosition p) => new() { Channel = p.Channel, Subscription = p.Subscription, Offset = p.Offset };

    public static SubscriptionPosition FromProto(PositionProto? p) =>
        p is null ? throw Missing("position") : new SubscriptionPosition(p.Channel, p.Subscription, p.Offset);

    public static LogSnapshotProto ToProto(LogSnapshot s) => new()
    {
        Index = s.Index,
        Epoch = s.Epoch,
        Term = s.Term,
        Channels = { s.Channels.Select(c => new ChannelMarkProto { Channel = c.Channel, Next = c.Next, First = c.First }) },
        Positions = { s.Positions.Select(ToProto) },
        Dropped = { s.Dropped.Select(d => new UnreadDroppedProto { Channel = d.Channel, Subscription = d.Subscription, Messages = d.Messages, LastFrom = d.LastFrom, LastTo = d.LastTo, AtIndex = d.AtIndex }) },
        Producers = { s.Producers.Select(p => new ProducerMarkProto { Producer = p.Producer, HighestSeq = p.HighestSeq, Index = p.Index }) },
    };

    public static LogSnapshot FromProto(LogSnapshotProto? p) =>
        p is null
            ? throw Missing("snapshot")
            : new LogSnapshot(
                p.Index,
                p.Epoch,
                p.Term,
                [.. p.Channels.Select(c => new ChannelMark(c.Channel, c.Next, c.First))],
                [.. p.Positions.Select(FromProto)],
                [.. p.Dropped.Select(d => new UnreadDropped(d.Channel, d.Subscription, d.Messages, d.LastFrom, d.LastTo, d.AtIndex))],
                [.. p.Producers.Select(m => new ProducerMark(m.Producer, m.HighestSeq, m.Index))]);

    public static LogEntryProto ToProto(LogEntry e)
    {
        var proto = new LogEntryProto { Index = e.Index, Epoch = e.Epoch, Term = e.Term };
        switch (e.Payload)
        {
            case Publish p:
                proto.Publish = ToProto(p);
                break;
            case SubscriptionPosition p:
                proto.Position = ToProto(p);
                break;
            case EpochStart s:
                proto.EpochStart = new EpochStartProto { Epoch = s.Epoch, PrimarySet = s.PrimarySet, Reason = (int)s.Reason };
                break;
            case Handover h:
                proto.Handover = new HandoverProto { NewEpoch = h.NewEpoch, ToSet = h.ToSet };
                break;
            case LeaderNoop:
                proto.Noop = new NoopProto();
                break;
            case ChannelTrim t:
                proto.Trim = new ChannelTrimProto { Channel = t.Channel, FirstOffset = t.FirstOffset };
                break;
            default:
                throw new ArgumentException($"{e.Payload.GetType().Name} is not a known log entry payload.", nameof(e));
        }

        return proto;
    }

    public static LogEntry FromProto(LogEntryProto p)
    {
        EntryPayload payload = p.PayloadCase switch
        {
            LogEntryProto.PayloadOneofCase.Publish => FromProto(p.Publish),
            LogEntryProto.PayloadOneofCase.Position => FromProto(p.Position),
            LogEntryProto.PayloadOneofCase.EpochStart => new EpochStart(p.EpochStart.Epoch, p.EpochStart.PrimarySet, Defined<EpochChange>(p.EpochStart.Reason)),
            LogEntryProto.PayloadOneofCase.Handover => new Handover(p.Handover.NewEpoch, p.Handover.ToSet),
            LogEntryProto.PayloadOneofCase.Noop => new LeaderNoop(),
            LogEntryProto.PayloadOneofCase.Trim => new ChannelTrim(p.Trim.Channel, p.Trim.FirstOffset),
            _ => throw Missing("log entry payload"),
        };
        return new LogEntry(p.Index, p.Epoch, p.Term, payload);
    }

    public static LogEntry[] FromProto(IEnumerable<LogEntryProto> entries) => [.. entries.Select(FromProto)];

    public static IMessage ToProto(PeerMessage message) => message switch
    {
        VoteRequest v => new VoteRequestProto
        {
            From = v.From, Epoch = ToProto(v.Epoch), Term = v.Term, LastEpoch = v.LastEpoch, LastTerm = v.LastTerm, LastIndex = v.LastIndex, PreVote = v.PreVote,
        },
        VoteResponse v => new VoteResponseProto { From = v.From, Epoch = ToProto(v.Epoch), Term = v.Term, Granted = v.Granted, PreVote = v.PreVote },
        AppendEntries a => new AppendEntriesProto
        {
            From = a.From, Epoch = ToProto(a.Epoch), Term = a.Term, PrevIndex = a.PrevIndex, PrevEpoch = a.PrevEpoch, PrevTerm = a.PrevTerm,
            Entries = { a.Entries.Select(ToProto) }, LeaderCommit = a.LeaderCommit, LeaderLast = a.LeaderLast,
            CompactableIndex = a.CompactableIndex, Snapshot = a.Snapshot is null ? null : ToProto(a.Snapshot),
        },
        AppendResponse a => new AppendResponseProto { From = a.From, Epoch = ToProto(a.Epoch), Term = a.Term, Success = a.Success, Matched = a.Matched, Durable = a.Durable },
        StandbyAppend s => new StandbyAppendProto
        {
            From = s.From, Epoch = ToProto(s.Epoch), PrimaryTerm = s.PrimaryTerm, PrevIndex = s.PrevIndex, PrevEpoch = s.PrevEpoch, PrevTerm = s.PrevTerm,
            Entries = { s.Entries.Select(ToProto) }, Snapshot = s.Snapshot is null ? null : ToProto(s.Snapshot),
        },
        StandbyAppendResponse s => StandbyResponseProto(s),
        StandbyLeaderAnnounce s => new StandbyLeaderAnnounceProto { From = s.From, Epoch = ToProto(s.Epoch), Term = s.Term },
        EpochFence f => new EpochFenceProto { From = f.From, Epoch = ToProto(f.Epoch) },
        _ => throw new ArgumentException($"{message.GetType().Name} is not a known peer message.", nameof(message)),
    };

    public static VoteRequest FromProto(VoteRequestProto p) => new(p.From, FromProto(p.Epoch), p.Term, p.LastEpoch, p.LastTerm, p.LastIndex, p.PreVote);

    public static VoteResponse FromProto(VoteResponseProto p) => new(p.From, FromProto(p.Epoch), p.Term, p.Granted, p.PreVote);

    public static AppendEntries FromProto(AppendEntriesProto p) =>
        new(p.From, FromProto(p.Epoch), p.Term, p.PrevIndex, p.PrevEpoch, p.PrevTerm, FromProto(p.Entries), p.LeaderCommit, p.LeaderLast, p.CompactableIndex, p.Snapshot is null ? null : FromProto(p.Snapshot));

    public static AppendResponse FromProto(AppendResponseProto p) => new(p.From, FromProto(p.Epoch), p.Term, p.Success, p.Matched, p.Durable);

    public static StandbyAppend FromProto(StandbyAppendProto p) =>
        new(p.From, FromProto(p.Epoch), p.PrimaryTerm, p.PrevIndex, p.PrevEpoch, p.PrevTerm, FromProto(p.Entries), p.Snapshot is null ? null : FromProto(p.Snapshot));

    public static StandbyAppendResponse FromProto(StandbyAppendResponseProto p) =>
        new(p.From, FromProto(p.Epoch), Defined<StandbyAnswer>(p.Answer), p.Matched, p.LastIndex, p.StandbyCommitted, p.HasLeaderHint ? p.LeaderHint : null);

    public static StandbyLeaderAnnounce FromProto(StandbyLeaderAnnounceProto p) => new(p.From, FromProto(p.Epoch), p.Term);

    public static EpochFence FromProto(EpochFenceProto p) => new(p.From, FromProto(p.Epoch));

    public static JournaledHardStateProto ToProto(HardState h)
    {
        var proto = new JournaledHardStateProto { Term = h.Term, Epochs = { h.EpochHistory.Select(ToProto) } };
        if (h.VotedFor is { } vote)
        {
            proto.VotedFor = vote;
        }

        return proto;
    }

    public static HardState FromProto(JournaledHardStateProto p) =>
        p.Epochs.Count == 0
            ? throw Missing("epochs")
            : new HardState(p.Term, p.HasVotedFor ? p.VotedFor : null, [.. p.Epochs.Select(FromProto)]);

    public static T Defined<T>(int value)
        where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? (T)(object)value : throw new SerializationException($"{typeof(T).Name} {value} is not defined; the message is dropped.");

    private static StandbyAppendResponseProto StandbyResponseProto(StandbyAppendResponse s)
    {
        var proto = new StandbyAppendResponseProto
        {
            From = s.From, Epoch = ToProto(s.Epoch), Answer = (int)s.Answer, Matched = s.Matched, LastIndex = s.LastIndex, StandbyCommitted = s.StandbyCommitted,
        };
        if (s.LeaderHint is { } hint)
        {
            proto.LeaderHint = hint;
        }

        return proto;
    }

    private static SerializationException Missing(string what) => new($"A persistence-sets message lacks its {what}; the message is dropped.");
}
