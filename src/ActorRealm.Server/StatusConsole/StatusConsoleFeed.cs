using System.Text.Json;
using ActorRealm.Server.Admin;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server.StatusConsole;

/// <summary>
/// What the status console shows (<c>GET /api/console/snapshot</c> and each server-sent event of
/// <c>/api/console/stream</c>): the realm server's own admin views, with the "What if" panel and the recent events.
/// </summary>
/// <param name="Status">The admin status view (<c>/api/status</c>).</param>
/// <param name="Persistence">The persistence view (<c>/api/persistence</c>), or null when the realm defines no sets.</param>
/// <param name="PersistenceError">Why the persistence view could not be read this time, or null.</param>
/// <param name="WhatIf">For each site, what losing it now would mean.</param>
/// <param name="Events">Recent events, newest first.</param>
/// <param name="EventsSince">When this realm server started recording events.</param>
/// <param name="Version">Increases each time the content changes.</param>
public sealed record ConsoleSnapshotView(
    NodeStatusView Status,
    PersistenceStatusView? Persistence,
    string? PersistenceError,
    IReadOnlyList<SiteLossView> WhatIf,
    IReadOnlyList<ConsoleEventView> Events,
    DateTimeOffset EventsSince,
    long Version);

/// <summary>
/// Samples the realm server's views every <c>interval</c> while the admin server runs, derives the recent events into a
/// bounded ring buffer, and wakes the console's event streams when the content changed. Runs whether or not a console is
/// open, so the events are there when the operator opens it at 3 a.m.
/// </summary>
internal sealed partial class StatusConsoleFeed : IAsyncDisposable
{
    /// <summary>How many events the ring buffer keeps.</summary>
    public const int EventCapacity = 200;

    private static readonly JsonSerializerOptions Compact = new(AdminJsonContext.Instance.Options) { WriteIndented = false };
    private static readonly AdminJsonContext CompactContext = new(Compact);

    private readonly INodeAdministration _node;
    private readonly TimeSpan _interval;
    private readonly ILogger _log;
    private readonly ConsoleEventLog _events = new(EventCapacity);
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (ConsoleSnapshotView Snapshot, string Json) _latest;
    private ConsoleState? _state;
    private string _signature = string.Empty;
    private Task _loop = Task.CompletedTask;

    public StatusConsoleFeed(INodeAdministration node, TimeSpan interval, ILogger log)
    {
        _node = node;
        _interval = interval;
        _log = log;
    }

    /// <summary>The newest snapshot and its JSON (one line, for a server-sent event).</summary>
    public (ConsoleSnapshotView Snapshot, string Json) Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    /// <summary>Takes the first sample, then samples in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SampleAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Completes when a snapshot newer than <paramref name="version"/> exists, or after <paramref name="atMost"/>.</summary>
    public async Task WaitForChangeAsync(long version, TimeSpan atMost, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            if (_latest.Snapshot.Version != version)
            {
                return;
            }

            changed = _changed.Task;
        }

        try
        {
            await changed.WaitAsync(atMost, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A quiet period: the stream sends the same snapshot again, so the page knows it is still connected.
        }
    }

    /// <summary>The JSON of <paramref name="snapshot"/> on one line.</summary>
    public static string ToJson(ConsoleSnapshotView snapshot) => JsonSerializer.Serialize(snapshot, CompactContext.ConsoleSnapshotView);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            try
            {
                await SampleAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The node may be between incarnations: the next tick tries again.
                LogSampleFailed(_log, e);
            }
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var status = _node.Status();
        PersistenceStatusView? persistence = null;
        string? persistenceError = null;
        try
        {
            persistence = await _node.PersistenceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException or InvalidOperationException)
        {
            persistenceError = $"The persistence view could not be read: {e.Message}";
        }

        var now = DateTimeOffset.UtcNow;
        var state = new ConsoleState(status, persistence ?? _state?.Persistence);
        if (_state is { } previous)
        {
            _events.Add(ConsoleEvents.Between(previous, state, now));
        }

        _state = state;
        var events = _events.Newest();
        var whatIf = SiteLossForecast.Forecast(status);

        // The timestamps and report times change at every sample: they alone are no news for the page.
        var signature = JsonSerializer.Serialize(
            new ConsoleSnapshotView(status with { Timestamp = default }, persistence is null ? null : persistence with { Sets = [.. persistence.Sets.Select(s => s with { Servers = [.. s.Servers.Select(v => v with { ReportedAt = null })] })] }, persistenceError, whatIf, events, _since, 0),
            CompactContext.ConsoleSnapshotView);
        lock (_lock)
        {
            if (signature == _signature && _latest.Json is not null)
            {
                return;
            }

            _signature = signature;
            var snapshot = new ConsoleSnapshotView(status, persistence, persistenceError, whatIf, events, _since, (_latest.Snapshot?.Version ?? 0) + 1);
            _latest = (snapshot, ToJson(snapshot));
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The status console could not sample the node's views")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
