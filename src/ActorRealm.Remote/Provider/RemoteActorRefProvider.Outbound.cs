using ActorRealm.Actors;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;
using Google.Protobuf;
using Sys = ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Remote;

/// <summary>Sending: user messages as envelopes, DeathWatch system messages as their own frames.</summary>
public sealed partial class RemoteActorRefProvider
{
    internal void SendUserMessage(RemoteActorRef recipient, object message, IActorRef? sender)
    {
        if (!Serializers.TryFind(message, out var serializer, out var manifest))
        {
            var type = message.GetType();
            if (_throttle.ShouldLog("unregistered:" + type.FullName))
            {
                ProviderLog.NotSerializable(_logger, type, recipient);
            }

            System.DeadLetters.Tell(new DeadLetter(message, sender, recipient), ActorRef.NoSender);
            return;
        }

        ByteString payload;
        try
        {
            // A byte[] message is the sender's array: copy it. Serializer output is ours: wrap it.
            payload = message is byte[] bytes ? ByteString.CopyFrom(bytes) : UnsafeByteOperations.UnsafeWrap(serializer.ToBinary(message));
        }
#pragma warning disable CA1031 // A serializer failing on one message must drop that message, not fail the sending actor.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ProviderLog.SerializationFailed(_logger, e, message.GetType(), recipient);
            System.DeadLetters.Tell(new DeadLetter(message, sender, recipient), ActorRef.NoSender);
            return;
        }

        var frame = new Frame
        {
            Envelope = new Envelope
            {
                Recipient = recipient.WirePath,
                Sender = sender is null ? string.Empty : WirePathOf(sender),
                SerializerId = serializer.Id,
                Manifest = manifest,
                Payload = payload,
            },
        };
        if (recipient.Association.Send(frame) != SendStatus.Accepted)
        {
            System.DeadLetters.Tell(new DeadLetter(message, sender, recipient), ActorRef.NoSender);
        }
    }

    internal void SendSystemMessage(RemoteActorRef target, Sys.SystemMessage message)
    {
        Frame? frame = message switch
        {
            Sys.Watch w when ReferenceEquals(w.Watchee, target) || w.Watchee.Equals(target) => StartWatching(target, w.Watcher),
            Sys.Unwatch u => StopWatching(target, u.Watcher),
            Sys.DeathWatchNotification n => new Frame
            {
                DeathWatchNotification = new Wire.DeathWatchNotification
                {
                    Watcher = target.WirePath,
                    Actor = WirePathOf(n.Actor),
                    ExistenceConfirmed = n.ExistenceConfirmed,
                },
            },
            _ => null,
        };

        if (frame is null)
        {
            ProviderLog.SystemMessageNotSupported(_logger, message.GetType().Name, target);
            return;
        }

        if (target.Association.Send(frame) != SendStatus.Accepted)
        {
            ProviderLog.SystemMessageDropped(_logger, message.GetType().Name, target);
        }
    }

    private Frame StartWatching(RemoteActorRef watchee, IActorRef watcher)
    {
        var watcherPath = WirePathOf(watcher);
        _watches.Add(watchee.Path.Address, watchee.Path.ToString(), watcherPath);

        // Heartbeats on this association now decide when the watched node is declared gone.
        Remoting.Associate(watchee.Path.Address);
        return new Frame { Watch = new Wire.Watch { Watchee = watchee.WirePath, Watcher = watcherPath } };
    }

    private Frame StopWatching(RemoteActorRef watchee, IActorRef watcher)
    {
        var watcherPath = WirePathOf(watcher);
        _watches.Remove(watchee.Path.Address, watchee.Path.ToString(), watcherPath);
        return new Frame { Unwatch = new Wire.Unwatch { Watchee = watchee.WirePath, Watcher = watcherPath } };
    }
}
