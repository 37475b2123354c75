using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Retention;
using Akka.Event;

namespace ActorRealm.PersistenceSets.Server;

// Retention (docs/persistence-sets.md, "Retention and compaction"): the primary leader checks the channels' limits
// every check interval and appends the trims; every server applies them when committed, through its channel index.
public sealed partial class PersistenceServerActor
{
    // The trims this server asked for while leading, per channel: not asked again until the decision moves further.
    private readonly Dictionary<string, long> _trimsAsked = new(StringComparer.Ordinal);
    private long _trimsAskedInTerm = -1;

    private void StartRetention()
    {
        if (_options.Retention.Default.Limits || _options.Retention.Rules.Any(r => r.Limits.Limits))
        {
            Timers.StartPeriodicTimer(RetentionTimer.Instance, RetentionTimer.Instance, _options.Retention.CheckInterval);
        }
    }

    private void ReceiveRetention() => Receive<RetentionTimer>(_ =>
    {
        ApplyRetention();
        CompactLog();
    });

    /// <summary>Asks the machine to compact what no readable message needs any more (every server, for its own log).</summary>
    private void CompactLog()
    {
        var server = _server!;
        var through = Math.Min((_channels.OldestReadableIndex() ?? long.MaxValue) - 1, _channels.IndexedThrough);
        if (through - server.Snapshot.Index >= _options.Retention.CompactAfter)
        {
            Step(new Compact(through, _options.Retention.CompactAfter));
        }
    }

    private void ApplyRetention()
    {
        var server = _server!;
        if (!server.IsServing)
        {
            return;
        }

        if (_trimsAskedInTerm != server.Standing.Term)
        {
            // A trim asked in an earlier term may never have been committed.
            _trimsAsked.Clear();
            _trimsAskedInTerm = server.Standing.Term;
        }

        var trims = RetentionPolicy.Decide(_options.Retention, _channels, MessageAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
            .Where(t => t.FirstOffset > _trimsAsked.GetValueOrDefault(t.Channel))
            .ToList();
        if (trims.Count == 0)
        {
            return;
        }

        foreach (var trim in trims)
        {
            _trimsAsked[trim.Channel] = trim.FirstOffset;
            var first = _channels.FirstOffset(trim.Channel);
            _log.Info("Persistence server {0}: retention drops offsets {1} to {2} of channel '{3}' ({4} messages)", _me.Name, first, trim.FirstOffset - 1, trim.Channel, trim.FirstOffset - first);
            foreach (var (subscription, offset) in _channels.Ledger.PositionsOf(trim.Channel).Where(p => p.Offset < trim.FirstOffset))
            {
                _log.Warning(
                    "Persistence server {0}: retention drops {1} messages of channel '{2}' that durable subscription '{3}' has not read (its position {4}, the channel's first offset becomes {5}); the status shows it",
                    _me.Name,
                    trim.FirstOffset - Math.Max(offset, first),
                    trim.Channel,
                    subscription,
                    offset,
                    trim.FirstOffset);
            }
        }

        Step(new TrimChannels(trims));
    }

    private Publish MessageAt(long index) => (Publish)_server!.EntryAt(index).Payload;

    private sealed class RetentionTimer
    {
        public static readonly RetentionTimer Instance = new();
    }
}
