using System.Runtime.Serialization;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Serialization;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.PersistenceSets.Wire;
using Google.Protobuf;

namespace ActorRealm.PersistenceSets.Tests.Server;

/// <summary>
/// Every peer message, client message and journal event through <see cref="PersistenceSetsSerializer"/>: the same
/// type back, the same bytes when written again (every sample sets every field to a non-default value, so a field the
/// decoder dropped would change the bytes), and records without lists equal. Bad input is refused.
/// </summary>
public sealed class WireFormatTests
{
    private static readonly EpochRecord Epoch = new(2, "_setB", 17);

    private static readonly LogEntry[] Entries =
    [
        new(17, 2, 4, new EpochStart(2, "_setB", EpochChange.CutOver)),
        new(18, 2, 4, new Publish("orders", "p-1", 9, new byte[] { 1, 2, 3 }, 1_700_000_000_123)),
        new(19, 2, 5, new SubscriptionPosition("orders", "billing", 7)),
        new(20, 2, 5, new Handover(3, "_setA")),
        new(21, 2, 6, new LeaderNoop()),
        new(22, 2, 6, new ChannelTrim("orders", 4)),
    ];

    private static readonly LogSnapshot Snapshot = new(
        16,
        1,
        3,
        [new ChannelMark("orders", 12, 4)],
        [new SubscriptionPosition("orders", "billing", 2)],
        [new UnreadDropped("orders", "billing", 2, 2, 4, 15)],
        [new ProducerMark("p-1", 8, 14)]);

    public static TheoryData<object> Messages() =>
    [
        new VoteRequest("a1", Epoch, 5, 2, 4, 21, true),
        new VoteResponse("a2", Epoch, 5, true, true),
        new AppendEntries("a1", Epoch, 5, 16, 1, 3, Entries, 19, 21, 18, Snapshot),
        new AppendResponse("a3", Epoch, 5, true, 21, 20),
        new StandbyAppend("a1", Epoch, 5, 16, 1, 3, Entries, Snapshot),
        new StandbyAppendResponse("b1", Epoch, StandbyAnswer.NotLeader, 20, 21, 19, "b2"),
        new StandbyLeaderAnnounce("b2", Epoch, 8),
        new EpochFence("b2", Epoch),
        new JournaledEntries(17, Entries),
        new JournaledTruncation(19),
        new JournaledHardState(new HardState(5, "a2", [new EpochRecord(0, "_setA", 1), Epoch])),
        new JournaledExport("/data/exports/epoch-2.jsonl", 17, 4, SuffixReason.OldEpoch, 2),
        new JournaledCompaction(Snapshot, new HardState(5, "a2", [new EpochRecord(0, "_setA", 1), Epoch]), new JournaledExport("/data/exports/epoch-2.jsonl", 17, 4, SuffixReason.Replaced, 2)),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_round_trips(object message)
    {
        var serializer = new PersistenceSetsSerializer(null!);
        var manifest = serializer.Manifest(message);
        var bytes = serializer.ToBinary(message);

        var back = serializer.FromBinary(bytes, manifest);

        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(bytes, serializer.ToBinary(back));
        Assert.Equal(2, manifest.Length);
        switch (message)
        {
            case AppendEntries a:
                Assert.Equal(a.Entries, ((AppendEntries)back).Entries);
                break;
            case StandbyAppend s:
                Assert.Equal(s.Entries, ((StandbyAppend)back).Entries);
                break;
            case JournaledEntries e:
                Assert.Equal(e.Entries, ((JournaledEntries)back).Entries);
                break;
            case JournaledHardState h:
                Assert.Equal(h.State.EpochHistory, ((JournaledHardState)back).State.EpochHistory);
                Assert.Equal((h.State.Term, h.State.VotedFor), (((JournaledHardState)back).State.Term, ((JournaledHardState)back).State.VotedFor));
                break;
            case JournaledCompaction c:
                var snapshot = ((JournaledCompaction)back).Snapshot;
                Assert.Equal((c.Snapshot.Index, c.Snapshot.Epoch, c.Snapshot.Term), (snapshot.Index, snapshot.Epoch, snapshot.Term));
                Assert.Equal(c.Snapshot.Channels, snapshot.Channels);
                Assert.Equal(c.Snapshot.Positions, snapshot.Positions);
                Assert.Equal(c.Snapshot.Dropped, snapshot.Dropped);
                Assert.Equal(c.Snapshot.Producers, snapshot.Producers);
                Assert.Equal(c.LastExport, ((JournaledCompaction)back).LastExport);
                break;
            default:
                Assert.Equal(message, back);
                break;
        }
    }

    [Fact]
    public void Applications_requests_are_public_contracts_not_persistence_sets_messages()
    {
        // One path: the former client messages' manifests are unknown here (ContractsSerializer carries them).
        var serializer = new PersistenceSetsSerializer(null!);
        foreach (var manifest in new[] { "CP", "CS", "CA", "CR", "CM" })
        {
            Assert.Contains("Unknown persistence-sets manifest", Assert.Throws<SerializationException>(() => serializer.FromBinary([], manifest)).Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => serializer.Manifest(new Contracts.Persistence.PublishRequest(1, "orders", "p", 1, new byte[1])));
    }

    [Fact]
    public void A_hard_state_without_a_vote_and_a_standby_answer_without_a_hint_stay_null()
    {
        var serializer = new PersistenceSetsSerializer(null!);
        var hard = new JournaledHardState(new HardState(1, null, [new EpochRecord(0, "_setA", 1)]));
        var answer = new StandbyAppendResponse("b1", Epoch, StandbyAnswer.Accepted, 3, 3, 3, null);

        Assert.Null(((JournaledHardState)serializer.FromBinary(serializer.ToBinary(hard), "JH")).State.VotedFor);
        Assert.Equal(answer, serializer.FromBinary(serializer.ToBinary(answer), "RT"));
    }

    [Fact]
    public void Undefined_enums_missing_epochs_and_empty_payloads_are_refused()
    {
        var serializer = new PersistenceSetsSerializer(null!);
        var epoch = new EpochRecordProto { Epoch = 1, PrimarySet = "_setA", FirstIndex = 1 };

        Assert.Contains("StandbyAnswer 9 is not defined", Refused(serializer, new StandbyAppendResponseProto { From = "b1", Epoch = epoch, Answer = 9 }, "RT"), StringComparison.Ordinal);
        Assert.Contains("SuffixReason 5 is not defined", Refused(serializer, new JournaledExportProto { Reason = 5 }, "JX"), StringComparison.Ordinal);
        var badStart = new LogEntryProto { Index = 1, EpochStart = new EpochStartProto { Reason = 4 } };
        Assert.Contains("EpochChange 4 is not defined", Refused(serializer, new AppendEntriesProto { From = "a1", Epoch = epoch, Entries = { badStart } }, "RA"), StringComparison.Ordinal);
        Assert.Contains("lacks its epoch", Refused(serializer, new VoteRequestProto { From = "a1", Term = 1 }, "RV"), StringComparison.Ordinal);
        Assert.Contains("lacks its log entry payload", Refused(serializer, new JournaledEntriesProto { FromIndex = 1, Entries = { new LogEntryProto { Index = 1 } } }, "JE"), StringComparison.Ordinal);
        Assert.Contains("Unknown persistence-sets manifest 'RZ'", Assert.Throws<SerializationException>(() => serializer.FromBinary([], "RZ")).Message, StringComparison.Ordinal);
        Assert.Contains("malformed", Assert.Throws<SerializationException>(() => serializer.FromBinary([0xFF, 0xFF, 0xFF], "RA")).Message, StringComparison.Ordinal);
    }

    private static string Refused(PersistenceSetsSerializer serializer, IMessage body, string manifest) =>
        Assert.Throws<SerializationException>(() => serializer.FromBinary(body.ToByteArray(), manifest)).Message;
}
