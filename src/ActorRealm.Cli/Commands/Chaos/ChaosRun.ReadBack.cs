using System.Diagnostics;
using ActorRealm.Client;
using ActorRealm.Contracts.Persistence;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.Admin;
using Akka.Actor;

namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>The read-back at the end of a chaos run: both sets through their leaders, then every server's own copy.</summary>
internal sealed partial class ChaosRun
{
    private static readonly TimeSpan CopyCatchUp = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads every channel from the primary set's leader, then moves the primary to the other set by a planned
    /// migration (which loses nothing) and reads every channel again from there. Returns how many sets were read.
    /// </summary>
    private async Task<int> ReadBackBothSetsAsync(RealmClient client, CancellationToken cancellationToken)
    {
        var first = Leader() ?? "?";
        var firstSet = _realm.Layout.PersistenceServers.Single(s => s.Name == first).Set;
        await ReadBackAsync(client, firstSet, cancellationToken).ConfigureAwait(false);
        var other = _realm.Layout.PersistenceServers.First(s => s.Set != firstSet);
        await _progress.WriteLineAsync($"chaos: read back from {firstSet}; migrating the primary to {other.Set} to read it there").ConfigureAwait(false);
        try
        {
            using var admin = _realm.Admin(_realm.Layout.Nodes.First(n => n.Site == _realm.Layout.PersistenceServers.Single(s => s.Name == first).Site));
            await UntilAsync($"the migration to {other.Set}", async ct =>
                (await admin.ChangePersistenceAsync("api/persistence/migrate", new PersistenceChangeBody(other.Set, null, "chaos"), ct).ConfigureAwait(false)).Outcome == PersistenceChangeResultView.AcceptedOutcome,
                cancellationToken).ConfigureAwait(false);
            await UntilAsync($"{other.Set} to serve", _ =>
            {
                lock (_gate)
                {
                    return Task.FromResult(_lastRound.Any(s => s.Serving && s.Set == other.Set));
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            await _progress.WriteLineAsync($"chaos: {e.Message}; read back from {firstSet} only").ConfigureAwait(false);
            return 1;
        }

        await ReadBackAsync(client, other.Set, cancellationToken).ConfigureAwait(false);
        return 2;
    }

    private async Task ReadBackAsync(RealmClient client, string set, CancellationToken cancellationToken)
    {
        foreach (var channel in Channels)
        {
            var messages = new List<StoredMessage>();
            await foreach (var page in client.ReadToEndAsync(channel, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                messages.AddRange(page.Messages.Select(Stored));
            }

            _recorder.ReadBack(new ChannelReadBack(set, channel, messages));
        }
    }

    /// <summary>
    /// Every channel read from every persistence server's own copy (<see cref="ReadChannelRequest.AnyServer"/>), once
    /// the copy holds as many messages as the leaders served (60 s at most). Each copy is judged as the leaders' reads
    /// are: every acknowledged message once, in order, at its acknowledged offset. Returns how many servers were read.
    /// </summary>
    private async Task<int> ReadBackEveryServerAsync(ActorSystem system, CancellationToken cancellationToken)
    {
        var protocol = ((ExtendedActorSystem)system).Provider.DefaultAddress.Protocol;
        var served = _recorder.History().ReadBacks.GroupBy(r => r.Channel).ToDictionary(g => g.Key, g => g.Max(r => r.Messages.Count));
        foreach (var server in _realm.Layout.PersistenceServers)
        {
            var path = $"{protocol}://bench@{server.Address}/user/{PersistenceServerOptions.ActorName}";
            foreach (var channel in Channels)
            {
                var expected = served.GetValueOrDefault(channel);
                var clock = Stopwatch.StartNew();
                List<StoredMessage> copy = [];
                string? problem = null;
                while (copy.Count < expected && clock.Elapsed < CopyCatchUp)
                {
                    try
                    {
                        copy = await ReadCopyAsync(system, path, channel, cancellationToken).ConfigureAwait(false);
                        problem = null;
                    }
                    catch (Exception e) when (e is AskTimeoutException or InvalidOperationException)
                    {
                        problem = e.Message;
                    }

                    if (copy.Count < expected)
                    {
                        // The copy is still catching up (or its server exited on its own: recorded, and started
                        // again): poll again, within CopyCatchUp.
                        Supervise();
                        await Task.Delay(500, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (copy.Count < expected)
                {
                    // Judged as it is: what an acknowledged message missing from it means is the checker's call.
                    await _progress.WriteLineAsync($"chaos: {server.Name} holds {copy.Count} of {expected} messages of {channel} after {CopyCatchUp.TotalSeconds:0} s{(problem is null ? string.Empty : $" ({problem})")}").ConfigureAwait(false);
                }

                _recorder.ReadBack(new ChannelReadBack(server.Name, channel, copy));
            }
        }

        await _progress.WriteLineAsync($"chaos: read back every server's own copy ({_realm.Layout.PersistenceServers.Count} servers)").ConfigureAwait(false);
        return _realm.Layout.PersistenceServers.Count;
    }

    private static StoredMessage Stored(ChannelMessage m) => new(m.Offset, new MessageKey(m.ProducerId, m.ProducerSeq));

    private static async Task<List<StoredMessage>> ReadCopyAsync(ActorSystem system, string path, string channel, CancellationToken cancellationToken)
    {
        var messages = new List<StoredMessage>();
        var from = 0L;
        while (true)
        {
            var answer = await system.ActorSelection(path).Ask<IPersistenceAnswer>(new ReadChannelRequest(-1, channel, from, 10_000, AnyServer: true), TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (answer is not ChannelMessages page)
            {
                throw new InvalidOperationException($"{path} answered a read of {channel} with {answer.GetType().Name}");
            }

            messages.AddRange(page.Messages.Select(Stored));
            if (page.Messages.Length == 0 || page.NextOffset >= page.EndOffset)
            {
                return messages;
            }

            from = page.NextOffset;
        }
    }
}
