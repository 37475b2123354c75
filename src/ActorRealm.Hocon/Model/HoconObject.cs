using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ActorRealm.Hocon;

/// <summary>An immutable object: fields in the order they were first defined.</summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after the HOCON/JSON type it models, like System.Text.Json's JsonObject.")]
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly OrderedDictionary<string, HoconValue> _fields;
    private int _unresolved = -1;
    private int _depth = 1;

    internal HoconObject(HoconOrigin origin, OrderedDictionary<string, HoconValue> fields, bool ignoresFallbacks = false, bool resolved = false)
        : base(origin)
    {
        _fields = fields;
        IgnoresFallbacks = ignoresFallbacks;
        foreach (var value in fields.Values)
        {
            NoteChild(value);
        }

        if (resolved)
        {
            _unresolved = 0;
        }
    }

    /// <summary>Creates an object from fields built in code; a later duplicate key replaces an earlier one.</summary>
    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields, HoconOrigin? origin = null)
        : this(origin ?? HoconOrigin.Programmatic, Copy(fields))
    {
        if (Depth > MaxDepth)
        {
            throw new HoconException(Origin, $"objects and arrays nested deeper than {MaxDepth} levels");
        }
    }

    /// <summary>An empty object.</summary>
    public static HoconObject Empty { get; } = new(HoconOrigin.Programmatic, []);

    /// <inheritdoc />
    public override HoconValueType Type => HoconValueType.Object;

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _fields.Keys;

    /// <inheritdoc />
    public IEnumerable<HoconValue> Values => _fields.Values;

    /// <summary>
    /// True when a non-object value was defined below this object (<c>a = 42</c> then <c>a { x = 1 }</c>): merging is
    /// done in pairs, so the 42 hid everything further down and later fallbacks must not merge into this object.
    /// </summary>
    internal bool IgnoresFallbacks { get; private set; }

    /// <inheritdoc />
    internal override int Depth => _depth;

    /// <summary>The fields, for the parser's in-place merges while a document is being built.</summary>
    internal OrderedDictionary<string, HoconValue> Fields => _fields;

    /// <inheritdoc />
    internal override bool ContainsUnresolved
    {
        get
        {
            if (_unresolved < 0)
            {
                var any = false;
                foreach (var value in _fields.Values)
                {
                    if (value.ContainsUnresolved)
                    {
                        any = true;
                        break;
                    }
                }

                _unresolved = any ? 1 : 0;
            }

            return _unresolved == 1;
        }
    }

    /// <inheritdoc />
    public HoconValue this[string key] => _fields[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>This object marked as hiding all fallbacks (a copy unless the parser owns it).</summary>
    internal HoconObject HidingFallbacks(bool inPlace)
    {
        if (IgnoresFallbacks)
        {
            return this;
        }

        if (inPlace && !ReferenceEquals(this, Empty))
        {
            IgnoresFallbacks = true;
            return this;
        }

        return new HoconObject(Origin, _fields.Count == 0 ? [] : new OrderedDictionary<string, HoconValue>(_fields), ignoresFallbacks: true);
    }

    /// <summary>Keeps <see cref="Depth"/> up to date when a field is set in place (it may overestimate after a replacement).</summary>
    internal void NoteChild(HoconValue value) => _depth = Math.Max(_depth, value.Depth + 1);

    /// <summary>Forgets the cached "contains unresolved" answer after an in-place change by the parser.</summary>
    internal void Touch() => _unresolved = -1;

    private static OrderedDictionary<string, HoconValue> Copy(IEnumerable<KeyValuePair<string, HoconValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var copy = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            copy[key] = value;
        }

        return copy;
    }
}
