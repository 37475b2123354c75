using System.Globalization;
using ActorRealm.Actors;
using ActorRealm.Remote.Wire;
using Sys = ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Remote;

/// <summary>Receiving: frames from authenticated peers become local deliveries; association events become DeathWatch.</summary>
public sealed partial class RemoteActorRefProvider
{
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);
    private CachedRef? _lastRecipient;
    private CachedRef? _lastSender;

    /// <inheritdoc/>
    void IRemotingHandler.OnFrame(PeerIncarnation from, Frame frame)
    {
        // A peer can reach the listener a moment before the system around it is built.
        if (!_started.Task.IsCompleted && !_started.Task.Wait(StartWait))
        {
            ProviderLog.DroppedBeforeStart(_logger, frame.BodyCase, from.Address, StartWait);
            return;
        }

        switch (frame.BodyCase)
        {
            case Frame.BodyOneofCase.Envelope:
                Deliver(from, frame.Envelope);
                break;
            case Frame.BodyOneofCase.Watch:
                OnWatch(from, frame.Watch.Watchee, frame.Watch.Watcher, watch: true);
                break;
            case Frame.BodyOneofCase.Unwatch:
                OnWatch(from, frame.Unwatch.Watchee, frame.Unwatch.Watcher, watch: false);
                break;
            case Frame.BodyOneofCase.DeathWatchNotification:
                OnDeathNotice(from, frame.DeathWatchNotification);
                break;
        }
    }

    /// <inheritdoc/>
    void IRemotingHandler.OnIncarnationGone(PeerIncarnation peer, string reason) => OnIncarnationGone(peer, reason);

    /// <inheritdoc/>
    void IRemotingHandler.OnUnreachable(PeerIncarnation peer, TimeSpan silentFor)
    {
        if (_watches.IsWatched(peer.Address))
        {
            Remoting.Quarantine(peer, $"declared gone: nothing heard for {silentFor.TotalSeconds:0.#}s while local actors watch actors there");
        }
    }

    /// <inheritdoc/>
    void IRemotingHandler.OnUndelivered(Address recipient, IReadOnlyList<Frame> frames, string reason)
    {
        foreach (var frame in frames.Where(f => f.BodyCase == Frame.BodyOneofCase.Envelope))
        {
            var target = ResolveWirePath(frame.Envelope.Recipient) ?? System.DeadLetters;
            var message = DeserializeQuietly(frame.Envelope) ?? (object)frame.Envelope;
            System.DeadLetters.Tell(new DeadLetter(message, null, target), ActorRef.NoSender);
        }

        ProviderLog.Undelivered(_logger, frames.Count, recipient, reason);
    }

    /// <inheritdoc/>
    void IRemotingHandler.OnQuarantinedByPeer(PeerIncarnation peer) =>
        System.EventStream.Publish(new QuarantinedByPeer(peer.Address, Remoting.Uid));

    private void OnIncarnationGone(PeerIncarnation peer, string reason)
    {
        _watches.RemoveAddress(peer.Address);
        ProviderLog.AddressTerminated(_logger, peer.Address, reason);
        System.EventStream.Publish(new AddressTerminated(peer.Address));
    }

    private void Deliver(PeerIncarnation from, Envelope envelope)
    {
        var recipient = LocalRecipient(envelope.Recipient);
        if (recipient is null)
        {
            Drop(from, "recipient", envelope.Recipient, "is not an actor path of this node");
            return;
        }

        var message = Deserialize(from, envelope);
        if (message is null)
        {
            return;
        }

        var sender = envelope.Sender.Length == 0 ? ActorRef.NoSender : RemoteSender(from, envelope.Sender) ?? ActorRef.NoSender;
        recipient.Tell(message, sender);
    }

    private object? Deserialize(PeerIncarnation from, Envelope envelope)
    {
        var serializer = Serializers.ById(envelope.SerializerId);
        if (serializer is null)
        {
            Drop(from, "serializer", envelope.SerializerId.ToString(CultureInfo.InvariantCulture), "is not registered here");
            return null;
        }

        try
        {
            var message = serializer.FromBinary(envelope.Payload.Memory, envelope.Manifest);
            if (message is null)
            {
                Drop(from, "manifest", envelope.Manifest, $"is not a type registered with serializer {serializer.Id} (only registered types are accepted)");
            }

            return message;
        }
#pragma warning disable CA1031 // A payload that fails to deserialize is the peer's fault: drop that message, keep the connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Drop(from, "payload", envelope.Manifest, $"failed to deserialize ({e.GetType().Name}: {e.Message})");
            return null;
        }
    }

    private object? DeserializeQuietly(Envelope envelope)
    {
        try
        {
            return Serializers.ById(envelope.SerializerId)?.FromBinary(envelope.Payload.Memory, envelope.Manifest);
        }
#pragma warning disable CA1031 // Only for the dead-letter record of our own undelivered message.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private void OnWatch(PeerIncarnation from, string watcheePath, string watcherPath, bool watch)
    {
        if (LocalRecipient(watcheePath) is not Actors.ISystemMessageTarget watchee || RemoteSender(from, watcherPath) is not { } watcher)
        {
            Drop(from, "watch", watcheePath, "names no local watchee or a watcher outside the sending node");
            return;
        }

        var watcheeRef = (IActorRef)watchee;
        watchee.SendSystemMessage(watch ? new Sys.Watch(watcheeRef, watcher) : new Sys.Unwatch(watcheeRef, watcher));
    }

    private void OnDeathNotice(PeerIncarnation from, Wire.DeathWatchNotification notice)
    {
        if (LocalRecipient(notice.Watcher) is not Actors.ISystemMessageTarget watcher || RemoteSender(from, notice.Actor) is not { } actor)
        {
            Drop(from, "death notice", notice.Actor, "names no local watcher or an actor outside the sending node");
            return;
        }

        _watches.Remove(from.Address, actor.Path.ToString(), notice.Watcher);
        watcher.SendSystemMessage(new Sys.DeathWatchNotification(actor, notice.ExistenceConfirmed, AddressTerminated: false));
    }

    /// <summary>The local ref a peer addresses; null unless the path is this node's. Live refs are cached.</summary>
    private IActorRef? LocalRecipient(string path)
    {
        // Connections hand repeated paths over as the same string instance: check the last one first.
        if (Volatile.Read(ref _lastRecipient) is { } last && ReferenceEquals(last.Path, path) && last.Ref is not IInternalActorRef { IsTerminated: true })
        {
            return last.Ref;
        }

        if (_recipients.TryGetValue(path, out var cached) && cached is not IInternalActorRef { IsTerminated: true })
        {
            Volatile.Write(ref _lastRecipient, new CachedRef(path, cached));
            return cached;
        }

        if (!ActorPath.TryParse(path, out var parsed) || !_local.IsLocalAddress(parsed.Address))
        {
            return null;
        }

        var resolved = _local.ResolveActorRef(parsed);
        if (resolved is not IInternalActorRef { IsTerminated: true })
        {
            Bound(_recipients);
            _recipients[path] = resolved;
        }

        return resolved;
    }

    /// <summary>A ref for a path on the sending node (a peer may only speak for its own actors).</summary>
    private RemoteActorRef? RemoteSender(PeerIncarnation from, string path)
    {
        if (Volatile.Read(ref _lastSender) is { } last && ReferenceEquals(last.Path, path))
        {
            var remote = (RemoteActorRef)last.Ref;
            return remote.Path.Address.Equals(from.Address) ? remote : null;
        }

        if (_remoteRefs.TryGetValue(path, out var cached))
        {
            Volatile.Write(ref _lastSender, new CachedRef(path, cached));
            return cached.Path.Address.Equals(from.Address) ? cached : null;
        }

        if (!ActorPath.TryParse(path, out var parsed) || !parsed.Address.Equals(from.Address))
        {
            return null;
        }

        var created = new RemoteActorRef(this, parsed, Remoting.AssociationWith(parsed.Address));
        Bound(_remoteRefs);
        _remoteRefs[path] = created;
        return created;
    }

    /// <summary>A path and its ref, swapped in whole so readers on other threads see a consistent pair.</summary>
    private sealed record CachedRef(string Path, IActorRef Ref);

    private void Drop(PeerIncarnation from, string what, string value, string why)
    {
        if (_throttle.ShouldLog($"{from.Address}|{what}|{value}"))
        {
            ProviderLog.Dropped(_logger, from.Address, what, value.Length > 200 ? value[..200] : value, why);
        }
    }
}
