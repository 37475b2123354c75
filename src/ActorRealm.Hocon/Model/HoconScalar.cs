using System.Globalization;

namespace ActorRealm.Hocon;

/// <summary>A string, number, boolean or null value. Numbers keep the text they were written with.</summary>
public sealed class HoconScalar : HoconValue
{
    private readonly HoconValueType _type;

    internal HoconScalar(HoconOrigin origin, HoconValueType type, string text, bool isUnquotedWhitespace = false)
        : base(origin)
    {
        _type = type;
        Text = text;
        IsUnquotedWhitespace = isUnquotedWhitespace;
    }

    /// <inheritdoc />
    public override HoconValueType Type => _type;

    /// <summary>The string content, or the number as written, <c>true</c>/<c>false</c>, or <c>null</c>.</summary>
    public string Text { get; }

    /// <summary>True for whitespace between values of a concatenation (ignored between objects and arrays).</summary>
    internal bool IsUnquotedWhitespace { get; }

    /// <inheritdoc />
    internal override bool ContainsUnresolved => false;

    /// <summary>A string value.</summary>
    public static HoconScalar FromString(string value, HoconOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new HoconScalar(origin ?? HoconOrigin.Programmatic, HoconValueType.String, value);
    }

    /// <summary>An integer value.</summary>
    public static HoconScalar FromNumber(long value, HoconOrigin? origin = null) =>
        new(origin ?? HoconOrigin.Programmatic, HoconValueType.Number, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A floating-point value (must be finite).</summary>
    public static HoconScalar FromNumber(double value, HoconOrigin? origin = null)
    {
        if (!double.IsFinite(value))
        {
            throw new HoconException(origin, $"a HOCON number must be finite, not {value.ToString(CultureInfo.InvariantCulture)}");
        }

        return new(origin ?? HoconOrigin.Programmatic, HoconValueType.Number, value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>A boolean value.</summary>
    public static HoconScalar FromBoolean(bool value, HoconOrigin? origin = null) =>
        new(origin ?? HoconOrigin.Programmatic, HoconValueType.Boolean, value ? "true" : "false");

    /// <summary>The null value.</summary>
    public static HoconScalar Null(HoconOrigin? origin = null) =>
        new(origin ?? HoconOrigin.Programmatic, HoconValueType.Null, "null");

    /// <summary>Reads the value as a 64-bit integer (numbers and numeric strings; no fractions).</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (_type is not (HoconValueType.Number or HoconValueType.String))
        {
            return false;
        }

        var text = Text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // 1e3 or 2.0 are integers too, as long as they are exact.
        if (TryGetDouble(out var d) && d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758E18)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>Reads the value as a finite double (numbers and numeric strings).</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        if (_type is not (HoconValueType.Number or HoconValueType.String))
        {
            return false;
        }

        return double.TryParse(Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Reads the value as a boolean: <c>true</c>/<c>false</c>, or the strings yes/no/on/off.</summary>
    public bool TryGetBoolean(out bool value)
    {
        value = false;
        if (_type is not (HoconValueType.Boolean or HoconValueType.String))
        {
            return false;
        }

        switch (Text)
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                return true;
            default:
                return false;
        }
    }
}
