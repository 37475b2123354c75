namespace ActorRealm.Hocon;

/// <summary>Typed getters for single values. The forms with a default return it only when the path is missing or null.</summary>
public sealed partial class Config
{
    /// <summary>The string at <paramref name="path"/> (numbers and booleans as written).</summary>
    public string GetString(string path) => AsString(Full(path), Require(path));

    /// <summary>The string at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public string GetString(string path, string defaultValue) => Optional(path) is { } v ? AsString(Full(path), v) : defaultValue;

    /// <summary>The 32-bit integer at <paramref name="path"/>.</summary>
    public int GetInt(string path) => AsInt(Full(path), Require(path));

    /// <summary>The 32-bit integer at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public int GetInt(string path, int defaultValue) => Optional(path) is { } v ? AsInt(Full(path), v) : defaultValue;

    /// <summary>The 64-bit integer at <paramref name="path"/>.</summary>
    public long GetLong(string path) => AsLong(Full(path), Require(path));

    /// <summary>The 64-bit integer at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public long GetLong(string path, long defaultValue) => Optional(path) is { } v ? AsLong(Full(path), v) : defaultValue;

    /// <summary>The number at <paramref name="path"/>.</summary>
    public double GetDouble(string path) => AsDouble(Full(path), Require(path));

    /// <summary>The number at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public double GetDouble(string path, double defaultValue) => Optional(path) is { } v ? AsDouble(Full(path), v) : defaultValue;

    /// <summary>The boolean at <paramref name="path"/> (also the strings yes/no/on/off).</summary>
    public bool GetBoolean(string path) => AsBoolean(Full(path), Require(path));

    /// <summary>The boolean at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public bool GetBoolean(string path, bool defaultValue) => Optional(path) is { } v ? AsBoolean(Full(path), v) : defaultValue;

    /// <summary>The duration at <paramref name="path"/>: <c>10s</c>, <c>500 ms</c>, <c>2 minutes</c>; a bare number is milliseconds.</summary>
    public TimeSpan GetDuration(string path) => AsDuration(Full(path), Require(path));

    /// <summary>The duration at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public TimeSpan GetDuration(string path, TimeSpan defaultValue) => Optional(path) is { } v ? AsDuration(Full(path), v) : defaultValue;

    /// <summary>The size in bytes at <paramref name="path"/>: <c>64KiB</c>, <c>10M</c> (powers of two), <c>1.5 GB</c> (powers of ten).</summary>
    public long GetBytes(string path) => AsBytes(Full(path), Require(path));

    /// <summary>The size in bytes at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public long GetBytes(string path, long defaultValue) => Optional(path) is { } v ? AsBytes(Full(path), v) : defaultValue;

    /// <summary>The object at <paramref name="path"/> as a configuration of its own.</summary>
    /// <exception cref="HoconException">The path is missing, null or not an object.</exception>
    public Config GetConfig(string path) => AsConfig(Full(path), Require(path));

    /// <summary>The object at <paramref name="path"/>, or the empty configuration when missing or null.</summary>
    /// <exception cref="HoconException">The value exists but is not an object.</exception>
    public Config GetConfigOrEmpty(string path) => Optional(path) is { } v ? AsConfig(Full(path), v) : Empty;

    /// <summary>The keys of the object at <paramref name="path"/>, in definition order.</summary>
    public IReadOnlyList<string> GetObjectKeys(string path) => GetConfig(path).Keys;

    private static Config AsConfig(string path, HoconValue value) =>
        value is HoconObject obj ? new Config(obj, path) : throw WrongType(path, value, "an object");

    private static string AsString(string path, HoconValue value) =>
        value is HoconScalar { Type: not HoconValueType.Null } s ? s.Text : throw WrongType(path, value, "a string");

    private static long AsLong(string path, HoconValue value)
    {
        if (value is HoconScalar s)
        {
            if (s.TryGetInt64(out var result))
            {
                return result;
            }

            if (s.TryGetDouble(out var d))
            {
                throw new HoconException(value.Origin, d == Math.Floor(d)
                    ? $"'{path}': {s.Text} is out of range for a 64-bit integer"
                    : $"'{path}': expected an integer, found the fraction {s.Text}");
            }
        }

        throw WrongType(path, value, "an integer");
    }

    private static int AsInt(string path, HoconValue value)
    {
        var result = AsLong(path, value);
        return result is >= int.MinValue and <= int.MaxValue
            ? (int)result
            : throw new HoconException(value.Origin, $"'{path}': {result} is out of range for a 32-bit integer");
    }

    private static double AsDouble(string path, HoconValue value)
    {
        if (value is HoconScalar s && s.TryGetDouble(out var result))
        {
            return result;
        }

        throw WrongType(path, value, "a finite number");
    }

    private static bool AsBoolean(string path, HoconValue value) =>
        value is HoconScalar s && s.TryGetBoolean(out var result)
            ? result
            : throw WrongType(path, value, "a boolean (true/false, yes/no, on/off)");

    private static TimeSpan AsDuration(string path, HoconValue value)
    {
        if (value is HoconScalar s)
        {
            if (Units.TryParseDuration(s, out var result, out var outOfRange))
            {
                return result;
            }

            if (outOfRange)
            {
                throw new HoconException(value.Origin, $"'{path}': the duration '{s.Text}' is out of range");
            }
        }

        throw WrongType(path, value, Units.DurationHelp);
    }

    private static long AsBytes(string path, HoconValue value)
    {
        if (value is HoconScalar s)
        {
            if (Units.TryParseBytes(s, out var result, out var outOfRange))
            {
                return result;
            }

            if (outOfRange)
            {
                throw new HoconException(value.Origin, $"'{path}': the size '{s.Text}' is out of range for a 64-bit byte count");
            }
        }

        throw WrongType(path, value, Units.BytesHelp);
    }
}
