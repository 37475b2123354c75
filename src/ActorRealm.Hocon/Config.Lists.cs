namespace ActorRealm.Hocon;

/// <summary>Typed getters for lists. An object with numeric keys (<c>{ "0": a, "1": b }</c>) also reads as a list.</summary>
public sealed partial class Config
{
    /// <summary>The list of strings at <paramref name="path"/>.</summary>
    public IReadOnlyList<string> GetStringList(string path) => ListOf(Full(path), Require(path), AsString);

    /// <summary>The list of strings at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public IReadOnlyList<string> GetStringList(string path, IReadOnlyList<string> defaultValue) =>
        Optional(path) is { } v ? ListOf(Full(path), v, AsString) : defaultValue;

    /// <summary>The list of 32-bit integers at <paramref name="path"/>.</summary>
    public IReadOnlyList<int> GetIntList(string path) => ListOf(Full(path), Require(path), AsInt);

    /// <summary>The list of 32-bit integers at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public IReadOnlyList<int> GetIntList(string path, IReadOnlyList<int> defaultValue) =>
        Optional(path) is { } v ? ListOf(Full(path), v, AsInt) : defaultValue;

    /// <summary>The list of 64-bit integers at <paramref name="path"/>.</summary>
    public IReadOnlyList<long> GetLongList(string path) => ListOf(Full(path), Require(path), AsLong);

    /// <summary>The list of numbers at <paramref name="path"/>.</summary>
    public IReadOnlyList<double> GetDoubleList(string path) => ListOf(Full(path), Require(path), AsDouble);

    /// <summary>The list of booleans at <paramref name="path"/>.</summary>
    public IReadOnlyList<bool> GetBooleanList(string path) => ListOf(Full(path), Require(path), AsBoolean);

    /// <summary>The list of durations at <paramref name="path"/>.</summary>
    public IReadOnlyList<TimeSpan> GetDurationList(string path) => ListOf(Full(path), Require(path), AsDuration);

    /// <summary>The list of durations at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public IReadOnlyList<TimeSpan> GetDurationList(string path, IReadOnlyList<TimeSpan> defaultValue) =>
        Optional(path) is { } v ? ListOf(Full(path), v, AsDuration) : defaultValue;

    /// <summary>The list of sizes in bytes at <paramref name="path"/>.</summary>
    public IReadOnlyList<long> GetBytesList(string path) => ListOf(Full(path), Require(path), AsBytes);

    /// <summary>The list of objects at <paramref name="path"/>, each as a configuration.</summary>
    public IReadOnlyList<Config> GetConfigList(string path) => ListOf(Full(path), Require(path), AsConfig);

    /// <summary>The list of objects at <paramref name="path"/>, or an empty list when missing or null.</summary>
    public IReadOnlyList<Config> GetConfigListOrEmpty(string path) =>
        Optional(path) is { } v ? ListOf(Full(path), v, AsConfig) : [];

    /// <summary>The list value at <paramref name="path"/> as raw values.</summary>
    public IReadOnlyList<HoconValue> GetValueList(string path) => ListOf(Full(path), Require(path), static (_, v) => v);

    private static T[] ListOf<T>(string path, HoconValue value, Func<string, HoconValue, T> convert)
    {
        var items = value switch
        {
            HoconArray array => array.Items,
            HoconObject obj when NumericKeyed(obj) is { } fromObject => fromObject,
            _ => throw WrongType(path, value, "a list"),
        };

        var result = new T[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var itemPath = $"{path}[{i}]";
            result[i] = item.Type == HoconValueType.Null
                ? throw new HoconException(item.Origin, $"'{itemPath}' is null; a value is required")
                : convert(itemPath, item);
        }

        return result;
    }

    /// <summary>HOCON's numerically-indexed object to list conversion: keys that are non-negative integers, in numeric order.</summary>
    private static HoconValue[]? NumericKeyed(HoconObject obj)
    {
        var indexed = new List<(long Index, HoconValue Value)>();
        foreach (var (key, value) in obj)
        {
            if (long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                indexed.Add((index, value));
            }
        }

        return indexed.Count == 0 ? null : [.. indexed.OrderBy(i => i.Index).Select(i => i.Value)];
    }
}
