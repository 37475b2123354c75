using System.Globalization;
using System.Text;

namespace ActorRealm.Hocon;

/// <summary>Renders resolved values as JSON (two-space indentation or compact); numbers keep their written text when it is valid JSON.</summary>
internal static class JsonRenderer
{
    public static string Render(HoconValue value, bool indented)
    {
        var sb = new StringBuilder();
        Write(sb, value, indented, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, HoconValue value, bool indented, int depth)
    {
        switch (value)
        {
            case HoconObject obj:
                WriteObject(sb, obj, indented, depth);
                break;
            case HoconArray array:
                WriteArray(sb, array, indented, depth);
                break;
            case HoconScalar scalar:
                WriteScalar(sb, scalar);
                break;
            default:
                throw new HoconException(value.Origin, "cannot render an unresolved value as JSON; call Resolve() first");
        }
    }

    private static void WriteObject(StringBuilder sb, HoconObject obj, bool indented, int depth)
    {
        if (obj.Count == 0)
        {
            sb.Append("{}");
            return;
        }

        sb.Append('{');
        var first = true;
        foreach (var (key, child) in obj)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            NewLine(sb, indented, depth + 1);
            AppendQuoted(sb, key);
            sb.Append(indented ? ": " : ":");
            Write(sb, child, indented, depth + 1);
        }

        NewLine(sb, indented, depth);
        sb.Append('}');
    }

    private static void WriteArray(StringBuilder sb, HoconArray array, bool indented, int depth)
    {
        if (array.Count == 0)
        {
            sb.Append("[]");
            return;
        }

        sb.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            NewLine(sb, indented, depth + 1);
            Write(sb, array[i], indented, depth + 1);
        }

        NewLine(sb, indented, depth);
        sb.Append(']');
    }

    private static void WriteScalar(StringBuilder sb, HoconScalar scalar)
    {
        switch (scalar.Type)
        {
            case HoconValueType.String:
                AppendQuoted(sb, scalar.Text);
                break;
            case HoconValueType.Number:
                sb.Append(IsJsonNumber(scalar.Text) ? scalar.Text : NormalizeNumber(scalar.Text));
                break;
            default:
                sb.Append(scalar.Text);
                break;
        }
    }

    private static string NormalizeNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d.ToString("R", CultureInfo.InvariantCulture)
            : "null";

    private static void NewLine(StringBuilder sb, bool indented, int depth)
    {
        if (indented)
        {
            sb.Append('\n').Append(' ', depth * 2);
        }
    }

    /// <summary>Appends a JSON string literal; lone surrogates are escaped so the output is always valid.</summary>
    public static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < ' ' || (char.IsSurrogate(c) && !IsPairAt(text, i)))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static bool IsPairAt(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    /// <summary>True when the text follows JSON's number grammar.</summary>
    public static bool IsJsonNumber(string text)
    {
        var i = 0;
        var n = text.Length;
        if (i < n && text[i] == '-')
        {
            i++;
        }

        if (i >= n || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < n && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < n && text[i] == '.')
        {
            i++;
            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        if (i < n && text[i] is 'e' or 'E')
        {
            i++;
            if (i < n && text[i] is '+' or '-')
            {
                i++;
            }

            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        return i == n;
    }

    private static bool Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i > start;
    }
}
