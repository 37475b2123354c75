using ActorRealm.Actors.Supervision;

namespace ActorRealm.Actors.Cell;

/// <summary>
/// The live children of a cell by name. Reads and additions may come from other threads (top-level
/// actors are created from anywhere, paths are resolved from anywhere), so the map is locked; the
/// stopping set and restart statistics belong to the owning actor's turn.
/// </summary>
internal sealed class ChildrenContainer
{
    private const string NameAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";

    private readonly Dictionary<string, ActorCell> _byName = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private HashSet<ActorCell>? _stopping;
    private Dictionary<ActorCell, ChildRestartStats>? _stats;
    private long _nameSequence;
    private bool _closed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byName.Count;
            }
        }
    }

    public bool HasStoppingChildren => _stopping is { Count: > 0 };

    /// <summary>A fresh generated name: <c>$</c> and a base-64 counter (<c>$a</c>, <c>$b</c>, ...).</summary>
    public string NextName()
    {
        var n = Interlocked.Increment(ref _nameSequence) - 1;
        Span<char> buffer = stackalloc char[12];
        var i = buffer.Length;
        do
        {
            buffer[--i] = NameAlphabet[(int)(n & 63)];
            n >>= 6;
        }
        while (n != 0);

        buffer[--i] = '$';
        return new string(buffer[i..]);
    }

    /// <summary>Adds a child; the name must not be taken by a live (or not yet reaped) child.</summary>
    public void Add(ActorCell parent, ActorCell child)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException($"Cannot create child [{child.Name}]: {parent.Path} is stopping.");
            }

            if (!_byName.TryAdd(child.Name, child))
            {
                throw new InvalidActorNameException(
                    $"Actor name [{child.Name}] is not unique: {parent.Path} already has a child with that name (names are freed once the old child has fully stopped).");
            }
        }
    }

    public ActorCell? Get(string name)
    {
        lock (_gate)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    public bool Contains(ActorCell child)
    {
        lock (_gate)
        {
            return _byName.TryGetValue(child.Name, out var found) && ReferenceEquals(found, child);
        }
    }

    public ActorCell[] Snapshot()
    {
        lock (_gate)
        {
            return _byName.Count == 0 ? [] : [.. _byName.Values];
        }
    }

    /// <summary>Refuses further children (the parent is stopping) and returns the current ones.</summary>
    public ActorCell[] CloseAndSnapshot()
    {
        lock (_gate)
        {
            _closed = true;
            return _byName.Count == 0 ? [] : [.. _byName.Values];
        }
    }

    public bool Remove(ActorCell child)
    {
        _stopping?.Remove(child);
        _stats?.Remove(child);
        lock (_gate)
        {
            return _byName.TryGetValue(child.Name, out var found) && ReferenceEquals(found, child) && _byName.Remove(child.Name);
        }
    }

    public void MarkStopping(ActorCell child) => (_stopping ??= []).Add(child);

    public ChildRestartStats StatsFor(ActorCell child)
    {
        _stats ??= [];
        if (!_stats.TryGetValue(child, out var stats))
        {
            stats = new ChildRestartStats(child);
            _stats[child] = stats;
        }

        return stats;
    }
}
