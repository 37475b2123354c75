using ActorRealm.Actors;
using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.Serialization;
using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Actors;

/// <summary>
/// An actor whose state is rebuilt from its events. Register <see cref="Recover{T}"/> handlers (state changes,
/// <see cref="SnapshotOffer"/>, <see cref="RecoveryCompleted"/>) and <see cref="Command{T}(Action{T})"/> handlers in
/// the constructor; command handlers call <see cref="Persist{TEvent}"/> or <see cref="PersistAll{TEvent}"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Recovery runs before any command: the latest snapshot (if any) is offered, then every later event is
/// replayed, then <see cref="RecoveryCompleted"/>. Messages that arrive meanwhile are stashed and handled afterwards in
/// their order.</item>
/// <item>The events persisted by one command handler are appended atomically in one journal write. Their handlers run,
/// in order, only after that write is durable. Until then the actor handles no other message: later commands wait in
/// the mailbox and are handled afterwards in order. <see cref="ActorBase"/>'s <c>Sender</c> is still the command's sender.</item>
/// <item>When a write fails, <see cref="OnPersistFailure"/> runs: by default it logs the error and stops the actor.
/// No handler of an unwritten event runs. A failed recovery (unreadable store, unknown manifest, throwing
/// <c>Recover</c> handler) runs <see cref="OnRecoveryFailure"/>, which by default logs and stops.</item>
/// <item>Events and snapshots are serialized with <see cref="Serializer"/>, which only knows registered types.</item>
/// </list>
/// </remarks>
public abstract partial class PersistentActor : ReceiveActor, IWithUnboundedStash
{
    private readonly List<(Type Type, Action<object> Handler)> _recoverHandlers = [];
    private readonly List<PendingEvent> _pending = [];
    private IEventJournal? _journal;
    private ISnapshotStore? _snapshots;
    private int _handlerDepth;

    /// <summary>Registers the recovery step; recovery starts with the actor's first message.</summary>
    protected PersistentActor()
    {
        ReceiveAsync<RecoveryStart>(_ => RecoverAsync());
        Self.Tell(RecoveryStart.Instance, Self);
    }

    /// <summary>The actor's stash (set by the runtime); recovery uses it for messages that arrive before it ends.</summary>
    public IStash Stash { get; set; } = null!;

    /// <summary>The id the actor's events and snapshots are stored under; must be stable across restarts.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event recovered or persisted (0 before the first).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>True until recovery completed.</summary>
    public bool IsRecovering { get; private set; } = true;

    /// <summary>Serializes events and snapshots; default: the system's <see cref="Persistence.Serializer"/>.</summary>
    protected virtual IEventSerializer Serializer => Persistence.Get(Context.System).Serializer;

    /// <summary>Which snapshot recovery starts from; default the latest (<see cref="SnapshotSelectionCriteria.None"/> replays every event).</summary>
    protected virtual SnapshotSelectionCriteria RecoverySnapshotCriteria => SnapshotSelectionCriteria.Latest;

    private IEventJournal Journal => _journal ?? throw new InvalidOperationException($"{PersistenceId}: the journal is used before recovery started.");

    private ISnapshotStore Snapshots => _snapshots ?? throw new InvalidOperationException($"{PersistenceId}: the snapshot store is used before recovery started.");

    /// <summary>Handles a recovered event, a <see cref="SnapshotOffer"/> or <see cref="RecoveryCompleted"/>; handlers are tried in registration order.</summary>
    protected void Recover<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _recoverHandlers.Add((typeof(T), message => handler((T)message)));
    }

    /// <summary>Handles commands of type <typeparamref name="T"/> (after recovery).</summary>
    protected void Command<T>(Action<T> handler) => Command(null, handler);

    /// <summary>Handles commands of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> is true (after recovery).</summary>
    protected void Command<T>(Predicate<T>? shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (shouldHandle is null)
        {
            ReceiveAsync<T>(command => HandleCommandAsync(command, handler));
        }
        else
        {
            ReceiveAsync(shouldHandle, (T command) => HandleCommandAsync(command, handler));
        }
    }

    /// <summary>Handles any command (register it last).</summary>
    protected void CommandAny(Action<object> handler) => Command(null, handler);

    /// <summary>
    /// Persists <paramref name="event"/>; <paramref name="handler"/> runs once it is durable. Call it from a command
    /// handler or a persist handler; the events of one handler are written together, atomically.
    /// </summary>
    /// <exception cref="EventSerializationException">The event's type is not registered with <see cref="Serializer"/>.</exception>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_handlerDepth == 0)
        {
            throw new InvalidOperationException($"{PersistenceId}: Persist may only be called from a command handler or a persist handler.");
        }

        var serialized = Serializer.Serialize(@event);
        _pending.Add(new PendingEvent(@event, new EventData(serialized.Payload, serialized.Manifest, Tags(@event)), () => handler(@event)));
    }

    /// <summary>Persists <paramref name="events"/> atomically; <paramref name="handler"/> runs for each, in order, once all are durable.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var @event in events)
        {
            Persist(@event, handler);
        }
    }

    /// <summary>The tags to store an event under (for <see cref="IEventJournal.ReadByTagAsync"/>); default none.</summary>
    protected virtual IReadOnlyList<string> Tags(object domainEvent) => [];

    /// <summary>
    /// Called when persisting failed; nothing of the failed write was acknowledged and its handlers did not run.
    /// The default logs the error and stops the actor (its state may no longer match the journal).
    /// </summary>
    protected virtual void OnPersistFailure(Exception cause, object domainEvent, long sequenceNr)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        PersistenceLog.PersistFailed(Context.Log, cause, PersistenceId, sequenceNr, domainEvent.GetType().Name);
        Context.Stop(Self);
    }

    /// <summary>Called when recovery failed at <paramref name="failedAt"/> (the event, snapshot or step being recovered). The default logs the error and stops the actor.</summary>
    protected virtual void OnRecoveryFailure(Exception cause, object? failedAt)
    {
        PersistenceLog.RecoveryFailed(Context.Log, cause, PersistenceId, LastSequenceNr, failedAt?.ToString() ?? "(start)");
        Context.Stop(Self);
    }

    /// <summary>During recovery every message no handler takes is stashed too; afterwards unhandled as usual.</summary>
    protected override void Unhandled(object message)
    {
        if (IsRecovering)
        {
            Stash.Stash();
            return;
        }

        base.Unhandled(message);
    }

    private Task HandleCommandAsync<T>(T command, Action<T> handler)
    {
        if (IsRecovering)
        {
            Stash.Stash();
            return Task.CompletedTask;
        }

        RunHandler(() => handler(command));
        return _pending.Count == 0 ? Task.CompletedTask : FlushAsync();
    }

    /// <summary>Writes the pending events, then runs their handlers (which may persist more: written next).</summary>
    private async Task FlushAsync()
    {
        while (_pending.Count > 0)
        {
            var batch = _pending.ToArray();
            _pending.Clear();
            var first = LastSequenceNr + 1;
            try
            {
                await Journal.AppendAsync(PersistenceId, first, batch.Select(p => p.Data).ToList()).ConfigureAwait(true);
            }
            catch (Exception e) when (e is PersistenceException or ObjectDisposedException or InvalidOperationException)
            {
                OnPersistFailure(e, batch[0].Event, first);
                return;
            }

            for (var i = 0; i < batch.Length; i++)
            {
                LastSequenceNr = first + i;
                RunHandler(batch[i].Handler);
            }
        }
    }

    private void RunHandler(Action handler)
    {
        _handlerDepth++;
        try
        {
            handler();
        }
        finally
        {
            _handlerDepth--;
        }
    }

    private void RunRecoverHandlers(object message)
    {
        foreach (var (type, handler) in _recoverHandlers)
        {
            if (type.IsInstanceOfType(message))
            {
                handler(message);
                return;
            }
        }
    }

    private sealed record PendingEvent(object Event, EventData Data, Action Handler);
}
