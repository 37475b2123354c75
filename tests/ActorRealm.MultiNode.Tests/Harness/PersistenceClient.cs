using ActorRealm.Cluster;
using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;
using ActorRealm.PersistenceSets.Server;
using Akka.Actor;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>How a persistence server answered one publish, in the specs' terms.</summary>
/// <param name="Acknowledged">Stored and acknowledged.</param>
/// <param name="RedirectTo">The primary leader it named instead, if it redirected.</param>
/// <param name="Refusal">Why it refused (a <see cref="RefusalCode"/> name), "no answer" on a timeout, or null.</param>
internal sealed record PublishOutcome(bool Acknowledged, string? RedirectTo, string? Refusal);

/// <summary>
/// The application side of the persistence specs, and the only place that speaks the client protocol: an actor system
/// of its own (never cut by the spec's faults) that publishes to a persistence server and reads a channel back from
/// any server. Every message goes to channel <see cref="Channel"/> from producer <see cref="Producer"/>, and carries its
/// producer sequence number as its payload, so that a read shows exactly which publishes a server holds, in order.
/// </summary>
internal sealed class PersistenceClient : IAsyncDisposable
{
    public const string Channel = "orders";
    public const string Producer = "spec-producer";
    private const int Page = 1000;
    private readonly ActorSystem _system = ActorSystem.Create(
        "spec-client",
        AkkaConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, applied-adapters = ["trttl"] }
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            {{RealmServices.SerializationHocon}}
            """));

    private long _requests;

    /// <summary>Publishes producer sequence number <paramref name="seq"/> to <paramref name="server"/> and waits up to <paramref name="timeout"/> for its answer.</summary>
    public async Task<PublishOutcome> PublishAsync(NodeAddress server, long seq, TimeSpan timeout)
    {
        try
        {
            var answer = await Remote(server).Ask<IPersistenceAnswer>(new PublishRequest(Interlocked.Increment(ref _requests), Channel, Producer, seq, BitConverter.GetBytes(seq)), timeout);
            return answer switch
            {
                RequestAcknowledged => new PublishOutcome(true, null, null),
                RedirectToLeader r => new PublishOutcome(false, r.Leader, null),
                RequestRefused r => new PublishOutcome(false, null, r.Code.ToString()),
                var other => new PublishOutcome(false, null, other.ToString()),
            };
        }
        catch (AskTimeoutException)
        {
            return new PublishOutcome(false, null, "no answer");
        }
    }

    /// <summary>The producer sequence numbers of every message <paramref name="server"/> holds committed in the channel, in channel order.</summary>
    public async Task<List<long>> ReadAsync(NodeAddress server)
    {
        var sequences = new List<long>();
        while (true)
        {
            var read = await Remote(server).Ask<ChannelMessages>(new ReadChannelRequest(Interlocked.Increment(ref _requests), Channel, sequences.Count, Page, AnyServer: true), TimeSpan.FromSeconds(10));
            foreach (var message in read.Messages)
            {
                var seq = BitConverter.ToInt64(message.Data.Span);
                if (message.ProducerId != Producer || message.ProducerSeq != seq)
                {
                    throw new InvalidOperationException($"{read.Server} holds a message of {message.ProducerId} #{message.ProducerSeq} whose payload says #{seq}");
                }

                sequences.Add(seq);
            }

            if (read.Messages.Length < Page)
            {
                return sequences;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private ActorSelection Remote(NodeAddress server) =>
        _system.ActorSelection($"akka.trttl.tcp://{RealmTestCluster.RealmName}@{server}/user/{PersistenceServerOptions.ActorName}");
}
