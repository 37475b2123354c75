namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// Publishes producer sequence numbers 1, 2, 3, ... one at a time to the primary leader, as an application does:
/// each is retried (same number, so the persistence cluster stores it once) until acknowledged, following redirects
/// and, after a refusal or a timeout, the serving primary leader the statuses show. Records when each
/// acknowledgement arrived and every refusal, so a spec can bound the pauses.
/// </summary>
internal sealed class PersistencePublisher : IAsyncDisposable
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private readonly RealmTestCluster _cluster;
    private readonly PersistenceClient _client;
    private readonly TimeSpan _pace;
    private readonly Lock _gate = new();
    private readonly List<(long Seq, TimeSpan At)> _acks = [];
    private readonly List<(TimeSpan At, string Why)> _refusals = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abandon = new();
    private Task _loop = Task.CompletedTask;
    private string? _target;

    /// <param name="cluster">The realm whose persistence servers it publishes to.</param>
    /// <param name="client">The client it publishes with.</param>
    /// <param name="pace">The pause between an acknowledgement and the next publish (keeps the log short).</param>
    private PersistencePublisher(RealmTestCluster cluster, PersistenceClient client, TimeSpan pace)
    {
        _cluster = cluster;
        _client = client;
        _pace = pace;
    }

    /// <summary>How many publishes were acknowledged (they are 1..<see cref="AcknowledgedCount"/>).</summary>
    public long AcknowledgedCount
    {
        get
        {
            lock (_gate)
            {
                return _acks.Count;
            }
        }
    }

    /// <summary>When each acknowledgement arrived (cluster time).</summary>
    public IReadOnlyList<(long Seq, TimeSpan At)> Acks
    {
        get
        {
            lock (_gate)
            {
                return [.. _acks];
            }
        }
    }

    /// <summary>Each refusal or unanswered attempt (cluster time, why).</summary>
    public IReadOnlyList<(TimeSpan At, string Why)> Refusals
    {
        get
        {
            lock (_gate)
            {
                return [.. _refusals];
            }
        }
    }

    /// <summary>Starts publishing to the serving primary leader.</summary>
    public static PersistencePublisher Start(RealmTestCluster cluster, PersistenceClient client, TimeSpan? pace = null)
    {
        var publisher = new PersistencePublisher(cluster, client, pace ?? TimeSpan.FromMilliseconds(10));
        publisher._loop = Task.Run(publisher.RunAsync);
        return publisher;
    }

    /// <summary>The longest time between two acknowledgements (or from <paramref name="from"/> to the first) within [from, to].</summary>
    public TimeSpan LongestPause(TimeSpan from, TimeSpan to)
    {
        var times = Acks.Select(a => a.At).Where(t => t >= from && t <= to).Prepend(from).Append(to).ToList();
        return times.Zip(times.Skip(1), (a, b) => b - a).Max();
    }

    /// <summary>Lets the publish in flight finish (acknowledged), then stops; returns how many were acknowledged.</summary>
    public async Task<long> StopAsync(TimeSpan deadline)
    {
        await _stop.CancelAsync();
        var finished = await _cluster.ResultAsync(_loop.ContinueWith(_ => true, TaskScheduler.Default), deadline, "the publish in flight to be acknowledged");
        await _loop;
        _cluster.Log($"publisher stopped after {AcknowledgedCount} acknowledged publishes ({finished})");
        return AcknowledgedCount;
    }

    /// <summary>Stops at once, also with a publish unacknowledged (the spec is over), and waits for the loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _abandon.CancelAsync();
        await _loop.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        _stop.Dispose();
        _abandon.Dispose();
    }

    private async Task RunAsync()
    {
        for (var seq = 1L; !_stop.IsCancellationRequested; seq++)
        {
            // Once sent, a number is retried until acknowledged: stopping leaves no publish whose fate is unknown.
            while (!_abandon.IsCancellationRequested)
            {
                var target = _target ??= await LeaderAsync();
                var outcome = target is null
                    ? new PublishOutcome(false, null, "no serving primary leader")
                    : await _client.PublishAsync(_cluster.Server(target).Address, seq, AttemptTimeout);
                if (outcome.Acknowledged)
                {
                    lock (_gate)
                    {
                        _acks.Add((seq, _cluster.Now));
                    }

                    break;
                }

                lock (_gate)
                {
                    _refusals.Add((_cluster.Now, outcome.RedirectTo is { } to ? $"redirect to {to}" : $"{outcome.Refusal} from {target}"));
                }

                // Like an application, it tries the leader it was sent to, else the one serving now, else the one it had.
                _target = outcome.RedirectTo ?? await LeaderAsync() ?? target;
                await Task.Delay(50);
            }

            await Task.Delay(_pace);
        }
    }

    private async Task<string?> LeaderAsync() => RealmTestCluster.PrimaryLeaderOf(await _cluster.StatusesAsync())?.Server;
}
