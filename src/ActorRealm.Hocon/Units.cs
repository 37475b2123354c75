using System.Globalization;

namespace ActorRealm.Hocon;

/// <summary>The HOCON "units format": durations (default milliseconds) and sizes in bytes (default bytes).</summary>
internal static class Units
{
    private static readonly Dictionary<string, decimal> DurationTicks = Build(
        (0.01m, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (10m, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (TimeSpan.TicksPerMillisecond, ["", "ms", "milli", "millis", "millisecond", "milliseconds"]),
        (TimeSpan.TicksPerSecond, ["s", "second", "seconds"]),
        (TimeSpan.TicksPerMinute, ["m", "minute", "minutes"]),
        (TimeSpan.TicksPerHour, ["h", "hour", "hours"]),
        (TimeSpan.TicksPerDay, ["d", "day", "days"]));

    private static readonly Dictionary<string, decimal> ByteMultipliers = BuildBytes();

    /// <summary>The accepted duration units, for error messages.</summary>
    public const string DurationHelp = "a duration such as 10s, 500 ms, 2 minutes or a number of milliseconds (units: ns, us, ms, s, m, h, d and their long names)";

    /// <summary>The accepted size units, for error messages.</summary>
    public const string BytesHelp = "a size in bytes such as 512, 64KiB, 10M or 1.5 GB (units: B, kB/K/KiB, MB/M/MiB, GB/G/GiB, TB, PB, EB and long names)";

    public static bool TryParseDuration(HoconScalar scalar, out TimeSpan value, out bool outOfRange)
    {
        var ok = TryConvert(scalar, DurationTicks, static t => decimal.Round(t, MidpointRounding.AwayFromZero), TimeSpan.MinValue.Ticks, TimeSpan.MaxValue.Ticks, out var ticks, out outOfRange);
        value = ok ? TimeSpan.FromTicks((long)ticks) : default;
        return ok;
    }

    public static bool TryParseBytes(HoconScalar scalar, out long value, out bool outOfRange)
    {
        var ok = TryConvert(scalar, ByteMultipliers, decimal.Truncate, long.MinValue, long.MaxValue, out var bytes, out outOfRange);
        value = ok ? (long)bytes : 0;
        return ok;
    }

    /// <summary>Reads "number unit", scales it by the unit's factor, rounds it and checks the range.</summary>
    private static bool TryConvert(HoconScalar scalar, Dictionary<string, decimal> units, Func<decimal, decimal> round, decimal min, decimal max, out decimal result, out bool outOfRange)
    {
        result = 0;
        outOfRange = false;
        if (!Split(scalar, out var number, out var unit) || !units.TryGetValue(unit, out var factor))
        {
            return false;
        }

        try
        {
            result = round(number * factor);
        }
        catch (OverflowException)
        {
            outOfRange = true;
            return false;
        }

        outOfRange = result < min || result > max;
        return !outOfRange;
    }

    /// <summary>Splits "number [whitespace] letters" into its number and unit (empty when absent).</summary>
    private static bool Split(HoconScalar scalar, out decimal number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        if (scalar.Type is not (HoconValueType.Number or HoconValueType.String))
        {
            return false;
        }

        var text = scalar.Text.Trim();
        var unitStart = text.Length;
        while (unitStart > 0 && char.IsLetter(text[unitStart - 1]))
        {
            unitStart--;
        }

        unit = text[unitStart..];
        var numberText = text[..unitStart].TrimEnd();
        if (numberText.Length == 0)
        {
            return false;
        }

        return decimal.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static Dictionary<string, decimal> Build(params (decimal Factor, string[] Names)[] groups)
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (factor, names) in groups)
        {
            foreach (var name in names)
            {
                map[name] = factor;
            }
        }

        return map;
    }

    private static Dictionary<string, decimal> BuildBytes()
    {
        var map = Build((1m, ["", "B", "b", "byte", "bytes"]));
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string letters = "KMGTPEZY";
        decimal power10 = 1m;
        decimal power2 = 1m;
        for (var i = 0; i < letters.Length; i++)
        {
            // Zetta and yotta overflow decimal's exact range for some inputs; their values still exceed a long,
            // so they are reported as out of range when used.
            power10 *= 1000m;
            power2 *= 1024m;
            var letter = letters[i];
            var lower = char.ToLowerInvariant(letter);
            var decimalSymbol = (letter == 'K' ? "k" : letter.ToString()) + "B";
            foreach (var name in new[] { decimalSymbol, decimalNames[i] + "byte", decimalNames[i] + "bytes" })
            {
                map[name] = power10;
            }

            foreach (var name in new[] { letter.ToString(), lower.ToString(), letter + "i", letter + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                map[name] = power2;
            }
        }

        return map;
    }
}
