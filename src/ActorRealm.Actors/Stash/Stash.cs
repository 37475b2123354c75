using ActorRealm.Actors.Cell;
using ActorRealm.Actors.Dispatch;

namespace ActorRealm.Actors;

/// <summary>
/// An actor with a stash: the runtime sets <see cref="Stash"/> after the constructor (use it from
/// <c>PreStart</c> and message handlers). Its capacity is <c>actorrealm.actor.stash-capacity</c>;
/// beyond it <see cref="IStash.Stash"/> throws <see cref="StashOverflowException"/>. On restart the
/// stash is put back in front of the mailbox; on stop its messages go to dead letters.
/// </summary>
public interface IWithStash
{
    /// <summary>The actor's stash (set by the runtime).</summary>
    IStash Stash { get; set; }
}

/// <summary>An actor whose stash has no capacity limit.</summary>
public interface IWithUnboundedStash : IWithStash
{
}

/// <summary>Set messages aside and bring them back later (typically after a <c>Become</c>).</summary>
public interface IStash
{
    /// <summary>The number of stashed messages.</summary>
    int Count { get; }

    /// <summary>The capacity (0 = unbounded).</summary>
    int Capacity { get; }

    /// <summary>Stashes the message being processed (with its sender).</summary>
    /// <exception cref="StashOverflowException">The stash is full.</exception>
    /// <exception cref="InvalidOperationException">The message was already stashed.</exception>
    void Stash();

    /// <summary>Puts the oldest stashed message back in front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts all stashed messages back in front of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Drops all stashed messages (to dead letters) and returns how many there were.</summary>
    int ClearStash();
}

internal sealed class ActorStash(ActorCell cell, int capacity) : IStash
{
    private readonly LinkedList<Envelope> _messages = new();
    private object? _current;
    private IActorRef? _currentSender;
    private bool _currentStashed;

    public int Count => _messages.Count;

    public int Capacity { get; } = capacity;

    public void SetCurrent(object message, IActorRef? sender)
    {
        _current = message;
        _currentSender = sender;
        _currentStashed = false;
    }

    public void Stash()
    {
        var message = _current ?? throw new InvalidOperationException("Stash() may only be called while processing a message.");
        if (_currentStashed)
        {
            throw new InvalidOperationException($"Cannot stash the same message twice: {message}.");
        }

        if (Capacity > 0 && _messages.Count >= Capacity)
        {
            throw new StashOverflowException($"Couldn't enqueue message {message.GetType().Name} to the stash of {cell.Path}: it is full ({Capacity}).");
        }

        _messages.AddLast(new Envelope(message, _currentSender));
        _currentStashed = true;
    }

    public void Unstash()
    {
        if (_messages.First is { } first)
        {
            _messages.RemoveFirst();
            cell.UnstashQueue.Push(first.Value);
        }
    }

    public void UnstashAll()
    {
        if (_messages.Count == 0)
        {
            return;
        }

        var queue = cell.UnstashQueue;
        for (var node = _messages.Last; node is not null; node = node.Previous)
        {
            queue.Push(node.Value);
        }

        _messages.Clear();
    }

    public int ClearStash()
    {
        var count = _messages.Count;
        DropAll();
        return count;
    }

    internal void DropAll()
    {
        foreach (var envelope in _messages)
        {
            cell.System.DeadLetter(envelope.Message, envelope.Sender, cell);
        }

        _messages.Clear();
        _current = null;
    }
}
