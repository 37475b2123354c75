using System.Collections.Concurrent;
using ActorRealm.Actors.Cell;

namespace ActorRealm.Actors;

/// <summary>
/// Publish/subscribe by message type within one actor system. A subscriber to a type receives every
/// published event of that type or a subtype (subscribing to <see cref="object"/> receives all).
/// Subscriptions of an actor end when it terminates.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "EventStream is the name Akka users know; it is not a System.IO.Stream.")]
public sealed class EventStream
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<Type, IActorRef[]> _resolved = new();
    private readonly Action<object>? _onPublish;
    private (Type Channel, IActorRef Subscriber)[] _subscriptions = [];

    internal EventStream(Action<object>? onPublish) => _onPublish = onPublish;

    /// <summary>Subscribes an actor to a type (and its subtypes); false if it already was.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            foreach (var (c, s) in _subscriptions)
            {
                if (c == channel && s.Equals(subscriber))
                {
                    return false;
                }
            }

            _subscriptions = [.. _subscriptions, (channel, subscriber)];
            _resolved.Clear();
        }

        if (subscriber is ActorCell cell)
        {
            cell.MarkSubscribedToEventStream();
        }

        return true;
    }

    /// <summary>Subscribes an actor to <typeparamref name="T"/> (and its subtypes).</summary>
    public bool Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    /// <summary>Ends one subscription; false if there was none.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        return RemoveWhere(s => s.Channel == channel && s.Subscriber.Equals(subscriber));
    }

    /// <summary>Ends every subscription of the actor.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        RemoveWhere(s => s.Subscriber.Equals(subscriber));
    }

    /// <summary>Sends <paramref name="event"/> to every subscriber of its type or a base type or interface of it.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        _onPublish?.Invoke(@event);
        var subscribers = _resolved.GetOrAdd(@event.GetType(), Resolve);
        foreach (var subscriber in subscribers)
        {
            if (subscriber is IInternalActorRef { IsTerminated: true })
            {
                Unsubscribe(subscriber);
                continue;
            }

            subscriber.Tell(@event, ActorRef.NoSender);
        }
    }

    private IActorRef[] Resolve(Type eventType)
    {
        var subscriptions = Volatile.Read(ref _subscriptions);
        var result = new List<IActorRef>();
        foreach (var (channel, subscriber) in subscriptions)
        {
            if (channel.IsAssignableFrom(eventType) && !result.Contains(subscriber))
            {
                result.Add(subscriber);
            }
        }

        return [.. result];
    }

    private bool RemoveWhere(Func<(Type Channel, IActorRef Subscriber), bool> predicate)
    {
        lock (_gate)
        {
            var kept = _subscriptions.Where(s => !predicate(s)).ToArray();
            if (kept.Length == _subscriptions.Length)
            {
                return false;
            }

            _subscriptions = kept;
            _resolved.Clear();
            return true;
        }
    }
}

/// <summary>Cells that watch (or are watched from) another node; told when a node is declared gone.</summary>
internal sealed class AddressTerminatedTopic
{
    private readonly ConcurrentDictionary<ActorCell, byte> _subscribers = new();

    public void Subscribe(ActorCell cell) => _subscribers.TryAdd(cell, 0);

    public void Unsubscribe(ActorCell cell) => _subscribers.TryRemove(cell, out _);

    public void Publish(AddressTerminated addressTerminated)
    {
        var notice = new SystemMessages.AddressTerminatedNotice(addressTerminated.Address);
        foreach (var cell in _subscribers.Keys)
        {
            cell.SendSystemMessage(notice);
        }
    }
}
