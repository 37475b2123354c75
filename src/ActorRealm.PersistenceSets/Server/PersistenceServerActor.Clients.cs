using System.Collections.Immutable;
using ActorRealm.Contracts.Persistence;
using System.Diagnostics;
using ActorRealm.PersistenceSets.Replication;
using LatencyHistogram = ActorRealm.PersistenceSets.Status.LatencyHistogram;
using Akka.Actor;
using ContractMessage = ActorRealm.Contracts.Persistence.ChannelMessage;

namespace ActorRealm.PersistenceSets.Server;

// Applications' requests (the public contracts of ActorRealm.Contracts.Persistence): bad input is refused here,
// before the machine, so nothing of it is stored; the machine's answers are translated to contract answers, with the
// channel offset from the channel index.
public sealed partial class PersistenceServerActor
{
    private const int MaxReadMessages = 10_000;
    // A read's answer stays well inside one transport frame (4 MiB by default); it always carries one message.
    private const long ReadBudgetBytes = 2 * 1024 * 1024;
    private readonly ChannelIndex _channels = new();
    // Publishes handed to the machine, until answered; and per producer the lowest sequence answered with a retryable
    // refusal or redirect. A later sequence of that producer is refused until that one comes again: otherwise a
    // publish in flight behind it could be stored first, and the retried one would meet SequenceAlreadyPassed.
    private readonly Dictionary<ClientRequestId, (string Producer, long Seq, long Arrived)> _publishes = [];
    private readonly LatencyHistogram _publishLatency = new();
    private long _publishesAcknowledged;
    private readonly Dictionary<string, long> _retryFrom = new(StringComparer.Ordinal);
    private readonly ClientSessions _sessions = new();
    private readonly Stopwatch _sessionClock = Stopwatch.StartNew();

    private void ReceiveClientRequests()
    {
        Receive<PublishRequest>(Publish);
        Receive<StoreSubscriptionPosition>(StorePosition);
        Receive<ReadChannelRequest>(r => Sender.Tell(Served(Sender, Read(r))));
        Receive<ReadSubscriptionPosition>(r => Sender.Tell(Served(Sender, ReadPosition(r))));
    }

    /// <summary>Counts the client's session here unless the answer sends it to another server; returns the answer.</summary>
    private IPersistenceAnswer Served(IActorRef client, IPersistenceAnswer answer)
    {
        var address = client.Path.Address.ToString();
        if (answer is RedirectToLeader or RequestRefused { Code: RefusalCode.NoLeaderKnown })
        {
            _sessions.SentElsewhere(address);
        }
        else
        {
            _sessions.Served(address, _sessionClock.Elapsed);
        }

        return answer;
    }

    private void Publish(PublishRequest p)
    {
        var refusal = ChannelNames.Problem(p.Channel) is { } name ? (RefusalCode.InvalidName, name)
            : p.Data.Length > _options.MaxMessageBytes ? (RefusalCode.MessageTooLarge, $"The message has {p.Data.Length} bytes; this persistence cluster takes at most {_options.MaxMessageBytes} (actorrealm.persistence.max-message-bytes).")
            : string.IsNullOrEmpty(p.ProducerId) || p.ProducerSeq < 1 ? (RefusalCode.InvalidRequest, "A publish needs a producer id and a producer sequence from 1.")
            : ((RefusalCode, string)?)null;
        if (refusal is var (code, message))
        {
            Sender.Tell(RequestRefused.Of(p.RequestId, code, message));
            return;
        }

        if (_retryFrom.TryGetValue(p.ProducerId, out var from))
        {
            // Stored since (the producer retried it through another leader, and it reached this log): the producer has
            // moved on, and waiting for it again would stall the producer for good.
            if (p.ProducerSeq > from && !_server!.HoldsPublish(p.ProducerId, from))
            {
                Sender.Tell(RequestRefused.Of(p.RequestId, RefusalCode.RetryEarlierFirst, $"{_me.Name} answered sequence {from} of producer '{p.ProducerId}' with a retry; send from {from} again, in order"));
                return;
            }

            _retryFrom.Remove(p.ProducerId);
        }

        var id = new ClientRequestId(ClientKey(), p.RequestId);
        _publishes[id] = (p.ProducerId, p.ProducerSeq, Stopwatch.GetTimestamp());
        Step(new ClientRequest(id, new PublishCommand(new Publish(p.Channel, p.ProducerId, p.ProducerSeq, p.Data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))));
    }

    private void StorePosition(StoreSubscriptionPosition s)
    {
        if (NameProblem(s.Channel, s.Subscription) is { } problem)
        {
            Sender.Tell(RequestRefused.Of(s.RequestId, RefusalCode.InvalidName, problem));
        }
        else if (s.Offset < 0)
        {
            Sender.Tell(RequestRefused.Of(s.RequestId, RefusalCode.InvalidRequest, $"A subscription position is an offset from 0, not {s.Offset}."));
        }
        else
        {
            Step(new ClientRequest(new ClientRequestId(ClientKey(), s.RequestId), new StorePositionCommand(new SubscriptionPosition(s.Channel, s.Subscription, s.Offset))));
        }
    }

    private static string? NameProblem(string channel, string subscription) =>
        ChannelNames.Problem(channel) ?? ChannelNames.Problem(subscription, "subscription");

    private IPersistenceAnswer Read(ReadChannelRequest r)
    {
        if (ChannelNames.Problem(r.Channel) is { } problem)
        {
            return RequestRefused.Of(r.RequestId, RefusalCode.InvalidName, problem);
        }

        if (r.FromOffset < 0 || r.MaxMessages < 0)
        {
            return RequestRefused.Of(r.RequestId, RefusalCode.InvalidRequest, $"A read needs an offset from 0 and a count from 0 (got {r.FromOffset} and {r.MaxMessages}).");
        }

        if (!r.AnyServer && NotPrimaryLeader(r.RequestId) is { } elsewhere)
        {
            return elsewhere;
        }

        // Retention may have dropped the offsets asked for: the answer starts at the first readable one and says so.
        var first = _channels.FirstOffset(r.Channel);
        var from = Math.Max(r.FromOffset, first);
        var messages = ImmutableArray.CreateBuilder<ContractMessage>();
        var bytes = 0L;
        foreach (var index in _channels.Indexes(r.Channel, from, Math.Min(r.MaxMessages, MaxReadMessages)))
        {
            var p = (Publish)_server!.EntryAt(index).Payload;
            if (messages.Count > 0 && bytes + p.Data.Length > ReadBudgetBytes)
            {
                break;
            }

            bytes += p.Data.Length;
            messages.Add(new ContractMessage(from + messages.Count, index, p.ProducerId, p.ProducerSeq, p.Data));
        }

        return new ChannelMessages(r.RequestId, _me.Name, r.Channel, messages.ToImmutable(), from + messages.Count, _channels.Length(r.Channel), first);
    }

    private IPersistenceAnswer ReadPosition(ReadSubscriptionPosition r)
    {
        if (NameProblem(r.Channel, r.Subscription) is { } problem)
        {
            return RequestRefused.Of(r.RequestId, RefusalCode.InvalidName, problem);
        }

        if (NotPrimaryLeader(r.RequestId) is { } elsewhere)
        {
            return elsewhere;
        }

        // A new leader knows what is committed only once an entry of its own term is (Raft's rule): until then a
        // position stored under the old leader may be missing from its committed prefix.
        var server = _server!;
        var commit = Math.Min(server.CommitIndex, server.LogStart + server.Log.Count - 1);
        if (commit < server.LogStart || server.EntryAt(commit).Term != server.Standing.Term || server.EntryAt(commit).Epoch != server.Standing.Epoch)
        {
            return RequestRefused.Of(r.RequestId, RefusalCode.LeaderNotCaughtUp, $"{_me.Name} was just elected and has not committed an entry of its term yet; retry");
        }

        var position = _channels.Position(r.Channel, r.Subscription);
        return new SubscriptionPositionAnswer(r.RequestId, r.Channel, r.Subscription, position ?? 0, position is not null);
    }

    /// <summary>Null at the primary leader; elsewhere a redirect to the primary leader it knows, or a retryable refusal.</summary>
    private IPersistenceAnswer? NotPrimaryLeader(long requestId)
    {
        var standing = _server!.Standing;
        if (standing.SetIsPrimary && standing.Role == SetRole.Leader)
        {
            return null;
        }

        return standing.SetIsPrimary && standing.Leader is { } leader && leader != _me.Name
            ? Redirect(requestId, leader)
            : RequestRefused.Of(requestId, RefusalCode.NoLeaderKnown, $"{_me.Name} is not the primary leader and knows none; ask the realm's persistence directory");
    }

    private IPersistenceAnswer Redirect(long requestId, string leader) =>
        _options.Layout.TryGetServer(leader, out var server)
            ? new RedirectToLeader(requestId, leader, _options.PathOf(server))
            : RequestRefused.Of(requestId, RefusalCode.NoLeaderKnown, $"{_me.Name} names '{leader}' as the primary leader, which the layout does not define");

    /// <summary>The contract answer to a machine's result, with the channel offset of an acknowledged publish.</summary>
    private IPersistenceAnswer Answer(ClientRequestId id, ClientResult result)
    {
        var answer = Answer(id.Id, result);
        if (!_publishes.Remove(id, out var publish))
        {
            return answer;
        }

        if (answer is RequestAcknowledged)
        {
            _publishesAcknowledged++;
            _publishLatency.Observe(Stopwatch.GetElapsedTime(publish.Arrived));
        }
        else if (answer is RequestRefused { Retryable: true } or RedirectToLeader)
        {
            _retryFrom[publish.Producer] = Math.Min(publish.Seq, _retryFrom.GetValueOrDefault(publish.Producer, long.MaxValue));
        }

        return answer;
    }

    private IPersistenceAnswer Answer(long requestId, ClientResult result) => result switch
    {
        Acknowledged a => new RequestAcknowledged(requestId, OffsetAt(a.Index), a.Index, a.Epoch),
        Redirect r => Redirect(requestId, r.Leader),
        Refused r => RequestRefused.Of(requestId, r.Reason switch
        {
            RefusalReason.NoLeaderKnown => RefusalCode.NoLeaderKnown,
            RefusalReason.NoRealmQuorum => RefusalCode.NoRealmQuorum,
            RefusalReason.HandoverInProgress => RefusalCode.HandoverInProgress,
            RefusalReason.LeadershipLost => RefusalCode.LeadershipLost,
            RefusalReason.SequenceAlreadyPassed => RefusalCode.SequenceAlreadyPassed,
            _ => throw new ArgumentOutOfRangeException(nameof(result), r.Reason, "unknown refusal reason"),
        }, r.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "unknown client result"),
    };

    // An acknowledged entry is committed, so the index holds it: a publish's offset, or a stored position's offset.
    private long OffsetAt(long index) => index < _server!.LogStart ? -1 : _server.EntryAt(index).Payload switch
    {
        Publish p => _channels.OffsetOf(p.Channel, index) ?? -1,
        SubscriptionPosition s => s.Offset,
        _ => -1,
    };
}
