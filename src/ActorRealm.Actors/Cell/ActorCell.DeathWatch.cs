using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors.Cell;

/// <summary>
/// DeathWatch. The watcher keeps what it watches; the watchee keeps who watches it and tells them
/// when it dies. <see cref="Terminated"/> travels through the watcher's mailbox so it arrives after
/// the messages the dead actor sent before dying, and is dropped if the watcher unwatched meanwhile.
/// </summary>
internal sealed partial class ActorCell
{
    public IActorRef Watch(IActorRef subject) => WatchCore(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WatchCore(subject, message);
    }

    private IActorRef WatchCore(IActorRef subject, object? message)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (ReferenceEquals(subject, this))
        {
            return subject;
        }

        var extras = Extras;
        var watching = extras.Watching ??= [];
        var isNew = !watching.ContainsKey(subject);
        watching[subject] = message;
        if (isNew)
        {
            if (!IsLocalRef(subject))
            {
                SubscribeAddressTerminated();
            }

            SystemTarget(subject).SendSystemMessage(new Watch(subject, this));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var extras = _extras;
        if (extras?.Watching?.Remove(subject) == true)
        {
            SystemTarget(subject).SendSystemMessage(new Unwatch(subject, this));
        }

        extras?.TerminatedQueued?.Remove(subject);
        return subject;
    }

    private static ISystemMessageTarget SystemTarget(IActorRef subject) =>
        subject as ISystemMessageTarget
        ?? throw new ArgumentException($"Cannot watch {subject}: its ref type ({subject.GetType().Name}) does not take system messages.", nameof(subject));

    private bool IsLocalRef(IActorRef actor) =>
        actor is ActorCell || (actor is IInternalActorRef { IsLocal: true }) || actor.Path.Address.Equals(_system.Address);

    /// <summary>The watchee side: remember the watcher (answered at once if we are already dead).</summary>
    private void AddWatcher(IActorRef watchee, IActorRef watcher)
    {
        var forMe = ReferenceEquals(watchee, this) || watchee.Equals(this);
        if (!forMe || ReferenceEquals(watcher, this))
        {
            return;
        }

        var extras = Extras;
        (extras.WatchedBy ??= []).Add(watcher);
        if (!IsLocalRef(watcher))
        {
            SubscribeAddressTerminated();
        }
    }

    private void RemoveWatcher(IActorRef watchee, IActorRef watcher)
    {
        if ((ReferenceEquals(watchee, this) || watchee.Equals(this)) && _extras?.WatchedBy is { } watchedBy)
        {
            watchedBy.Remove(watcher);
        }
    }

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        if (notification.Actor is ActorCell child && ReferenceEquals(child._parent, this))
        {
            WatchedActorTerminated(notification);
            HandleChildTerminated(child);
        }
        else
        {
            WatchedActorTerminated(notification);
        }
    }

    /// <summary>If we watch the dead actor, queue <see cref="Terminated"/> (or the WatchWith message) to ourselves.</summary>
    private void WatchedActorTerminated(DeathWatchNotification notification)
    {
        var extras = _extras;
        if (extras?.Watching is not { } watching || WatchedRef(watching, notification.Actor) is not { } subject || !watching.Remove(subject, out var custom))
        {
            return;
        }

        if ((_flags & Terminating) != 0)
        {
            return;
        }

        (extras.TerminatedQueued ??= [])[subject] = custom;
        SendMessage(new Terminated(subject, notification.ExistenceConfirmed, notification.AddressTerminated), null);
    }

    /// <summary>
    /// The key under which the dead actor is watched. A notice from another node names the actor with its
    /// uid, while the watcher may have watched the path without one (a ref resolved from a path string);
    /// then the uid-less key matches, as in Akka, and Terminated carries the ref the watcher holds.
    /// </summary>
    private static IActorRef? WatchedRef(Dictionary<IActorRef, object?> watching, IActorRef actor)
    {
        if (watching.ContainsKey(actor))
        {
            return actor;
        }

        var path = actor.Path;
        return path.Uid == ActorPath.UndefinedUid
            ? null
            : watching.Keys.FirstOrDefault(k => k.Path.Uid == ActorPath.UndefinedUid && k.Path.Equals(path));
    }

    /// <summary>Delivers a queued <see cref="Terminated"/> unless the watcher unwatched meanwhile.</summary>
    private void ReceivedTerminated(Terminated terminated)
    {
        if (_extras?.TerminatedQueued is { } queued && queued.Remove(terminated.ActorRef, out var custom))
        {
            _actor!.InvokeReceive(custom ?? terminated);
        }
    }

    private void TellWatchersWeDied()
    {
        var watchers = _extras?.WatchedBy;
        if (watchers is null)
        {
            return;
        }

        foreach (var watcher in watchers)
        {
            if (!ReferenceEquals(watcher, _parent) && watcher is ISystemMessageTarget target)
            {
                target.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: true, AddressTerminated: false));
            }
        }

        watchers.Clear();
    }

    private void UnwatchWatchedActors()
    {
        var watching = _extras?.Watching;
        if (watching is null)
        {
            return;
        }

        foreach (var watchee in watching.Keys)
        {
            if (watchee is ISystemMessageTarget target)
            {
                target.SendSystemMessage(new Unwatch(watchee, this));
            }
        }

        watching.Clear();
        _extras!.TerminatedQueued?.Clear();
    }

    private void SubscribeAddressTerminated()
    {
        var extras = Extras;
        if (!extras.AddressTerminatedSubscribed)
        {
            extras.AddressTerminatedSubscribed = true;
            _system.AddressTerminatedTopic.Subscribe(this);
        }
    }

    /// <summary>A node was declared gone: everything we watch there is terminated; watchers from there are forgotten.</summary>
    private void HandleAddressTerminated(Address address)
    {
        var extras = _extras;
        if (extras is null)
        {
            return;
        }

        if (extras.Watching is { } watching)
        {
            foreach (var watchee in watching.Keys.Where(w => w.Path.Address.Equals(address)).ToList())
            {
                WatchedActorTerminated(new DeathWatchNotification(watchee, ExistenceConfirmed: false, AddressTerminated: true));
            }
        }

        extras.WatchedBy?.RemoveWhere(w => w.Path.Address.Equals(address));
    }
}
