using ActorRealm.Actors.Supervision;

namespace ActorRealm.Actors.Cell;

/// <summary>
/// The live children of a cell by name: an open-addressing table of cells (linear probing,
/// backward-shift deletion), 8 bytes per slot, so a parent of a million children does not pay a
/// dictionary entry per child. Reads and additions may come from other threads (top-level actors
/// are created from anywhere, paths are resolved from anywhere), so the table is locked; the
/// stopping set and restart statistics belong to the owning actor's turn.
/// </summary>
internal sealed class ChildrenContainer
{
    private const int MinCapacity = 4;

    private readonly Lock _gate = new();
    private ActorCell?[] _slots = new ActorCell?[MinCapacity];
    private int _count;
    private HashSet<ActorCell>? _stopping;
    private Dictionary<ActorCell, ChildRestartStats>? _stats;
    private bool _closed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public bool HasStoppingChildren => _stopping is { Count: > 0 };

    /// <summary>Adds a child; the name must not be taken by a live (or not yet reaped) child.</summary>
    public void Add(ActorCell parent, ActorCell child)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException($"Cannot create child [{child.Name}]: {parent.Path} is stopping.");
            }

            if ((_count + 1) * 4 > _slots.Length * 3)
            {
                Resize(_slots.Length * 2);
            }

            var mask = _slots.Length - 1;
            for (var i = child.NameHash & mask; ; i = (i + 1) & mask)
            {
                var slot = _slots[i];
                if (slot is null)
                {
                    _slots[i] = child;
                    _count++;
                    return;
                }

                if (slot.HasSameName(child))
                {
                    throw new InvalidActorNameException(
                        $"Actor name [{child.Name}] is not unique: {parent.Path} already has a child with that name (names are freed once the old child has fully stopped).");
                }
            }
        }
    }

    public ActorCell? Get(string name)
    {
        var hash = GeneratedNames.HashOf(name);
        lock (_gate)
        {
            var mask = _slots.Length - 1;
            for (var i = hash & mask; ; i = (i + 1) & mask)
            {
                var slot = _slots[i];
                if (slot is null || slot.HasName(name))
                {
                    return slot;
                }
            }
        }
    }

    public bool Contains(ActorCell child)
    {
        lock (_gate)
        {
            return IndexOf(child) >= 0;
        }
    }

    public ActorCell[] Snapshot()
    {
        lock (_gate)
        {
            return SnapshotLocked();
        }
    }

    /// <summary>Refuses further children (the parent is stopping) and returns the current ones.</summary>
    public ActorCell[] CloseAndSnapshot()
    {
        lock (_gate)
        {
            _closed = true;
            return SnapshotLocked();
        }
    }

    public bool Remove(ActorCell child)
    {
        _stopping?.Remove(child);
        _stats?.Remove(child);
        lock (_gate)
        {
            var i = IndexOf(child);
            if (i < 0)
            {
                return false;
            }

            // Backward-shift deletion: move later entries of the probe run into the hole.
            var mask = _slots.Length - 1;
            var j = i;
            while (true)
            {
                j = (j + 1) & mask;
                var next = _slots[j];
                if (next is null)
                {
                    break;
                }

                var home = next.NameHash & mask;
                var outside = j > i ? home <= i || home > j : home <= i && home > j;
                if (outside)
                {
                    _slots[i] = next;
                    i = j;
                }
            }

            _slots[i] = null;
            _count--;
            if (_slots.Length > MinCapacity && _count * 8 < _slots.Length)
            {
                Resize(_slots.Length / 2);
            }

            return true;
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

    private int IndexOf(ActorCell child)
    {
        var mask = _slots.Length - 1;
        for (var i = child.NameHash & mask; ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot is null)
            {
                return -1;
            }

            if (ReferenceEquals(slot, child))
            {
                return i;
            }
        }
    }

    private ActorCell[] SnapshotLocked()
    {
        if (_count == 0)
        {
            return [];
        }

        var result = new ActorCell[_count];
        var n = 0;
        foreach (var slot in _slots)
        {
            if (slot is not null)
            {
                result[n++] = slot;
            }
        }

        return result;
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = new ActorCell?[Math.Max(MinCapacity, capacity)];
        var mask = _slots.Length - 1;
        foreach (var cell in old)
        {
            if (cell is null)
            {
                continue;
            }

            var i = cell.NameHash & mask;
            while (_slots[i] is not null)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = cell;
        }
    }
}

/// <summary>
/// Generated child names are <c>$</c> and the actor's uid in a URL-safe base 64, computed when asked
/// for: the cell stores no name string. Names hash consistently whether given as text or as a uid.
/// </summary>
internal static class GeneratedNames
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";

    public static string Encode(long uid)
    {
        Span<char> buffer = stackalloc char[12];
        var i = buffer.Length;
        var n = (ulong)uid;
        do
        {
            buffer[--i] = Alphabet[(int)(n & 63)];
            n >>= 6;
        }
        while (n != 0);

        buffer[--i] = '$';
        return new string(buffer[i..]);
    }

    public static bool TryDecode(string name, out long uid)
    {
        uid = 0;
        if (name.Length < 2 || name.Length > 12 || name[0] != '$')
        {
            return false;
        }

        ulong n = 0;
        for (var i = 1; i < name.Length; i++)
        {
            var digit = Alphabet.IndexOf(name[i], StringComparison.Ordinal);
            if (digit < 0 || (i == 1 && digit == 0 && name.Length > 2) || n > (ulong.MaxValue >> 6))
            {
                return false;
            }

            n = (n << 6) | (uint)digit;
        }

        uid = (long)n;
        return true;
    }

    public static int HashOf(long uid) => (int)((ulong)uid * 0x9E3779B97F4A7C15UL >> 32) & int.MaxValue;

    public static int HashOf(string name) =>
        TryDecode(name, out var uid) ? HashOf(uid) : StringComparer.Ordinal.GetHashCode(name) & int.MaxValue;
}
