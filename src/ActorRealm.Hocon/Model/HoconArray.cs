using System.Collections;

namespace ActorRealm.Hocon;

/// <summary>An immutable array of values.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;
    private int _unresolved = -1;

    private readonly int _depth;

    internal HoconArray(HoconOrigin origin, HoconValue[] items, bool resolved = false)
        : base(origin)
    {
        _items = items;
        _depth = 1 + (items.Length == 0 ? 0 : items.Max(i => i.Depth));
        if (resolved)
        {
            _unresolved = 0;
        }
    }

    /// <summary>Creates an array from values built in code.</summary>
    public HoconArray(IEnumerable<HoconValue> items, HoconOrigin? origin = null)
        : this(origin ?? HoconOrigin.Programmatic, [.. items ?? throw new ArgumentNullException(nameof(items))])
    {
        if (Depth > MaxDepth)
        {
            throw new HoconException(Origin, $"objects and arrays nested deeper than {MaxDepth} levels");
        }
    }

    /// <inheritdoc />
    public override HoconValueType Type => HoconValueType.Array;

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public HoconValue this[int index] => _items[index];

    internal HoconValue[] Items => _items;

    /// <inheritdoc />
    internal override int Depth => _depth;

    /// <inheritdoc />
    internal override bool ContainsUnresolved
    {
        get
        {
            if (_unresolved < 0)
            {
                _unresolved = Array.Exists(_items, i => i.ContainsUnresolved) ? 1 : 0;
            }

            return _unresolved == 1;
        }
    }

    /// <inheritdoc />
    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
