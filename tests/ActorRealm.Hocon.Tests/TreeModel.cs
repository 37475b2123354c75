using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRealm.Hocon.Tests;

/// <summary>A plain JSON-like tree for property tests, its generator, and renderers for several HOCON styles.</summary>
internal abstract record Node;

internal sealed record ObjectNode(IReadOnlyList<KeyValuePair<string, Node>> Fields) : Node;

internal sealed record ArrayNode(IReadOnlyList<Node> Items) : Node;

internal sealed record StringNode(string Value) : Node;

internal sealed record NumberNode(string Text) : Node;

internal sealed record BoolNode(bool Value) : Node;

internal sealed record NullNode : Node;

/// <summary>How a tree is written: each flag picks one of HOCON's equivalent spellings.</summary>
internal sealed record Style(bool Json, bool OmitRootBraces, bool PathKeys, bool NewlineSeparators, bool UseEquals, bool OmitSeparatorBeforeBrace, bool Comments, bool TrailingComma, bool TripleQuotes, string Space)
{
    public override string ToString() =>
        $"json={Json} noRoot={OmitRootBraces} paths={PathKeys} newlines={NewlineSeparators} equals={UseEquals} omitSep={OmitSeparatorBeforeBrace} comments={Comments} trailing={TrailingComma} triple={TripleQuotes} space='{Space}'";
}

internal static class TreeModel
{
    private static readonly string[] PlainKeys = ["a", "b", "node", "data-dir", "port", "x_y", "k1", "Site", "includes", "-x", "10"];

    private static readonly string[] OddKeys = ["a.b", "with space", "", "include", "true", "null", "1.5", "é", "q\"uote", "tab\t", "//c", "#h", "$d", "x:y", "{", "\u4e2d\u6587", "new\nline"];

    private static readonly string[] Words = ["hello", "world", "foo-bar", "x_1", "path/to/file", "é", "include", "a.b.c", "Zz"];

    private static readonly string[] OddStrings = ["", " ", "true", "null", "42", "-1", "1.5", "two words", "quote\"d", "back\\slash", "new\nline", "tab\t", "//not comment", "#hash", "${not.sub}", "\u0001ctl", "\ud83d\ude00", "trailing\"", "\"\"\"", "a,b", "{}", "[x]"];

    private static readonly string[] NumberTexts = ["0", "-0", "1", "-7", "42", "1.5", "-0.25", "1e3", "2E-2", "1E+20", "9223372036854775807", "123456789012345678901234567890"];

    public static Gen<Node> Tree() => Gen.Sized(size => ObjectGen(Math.Min(size, 12), 4)).Select(o => (Node)o);

    public static Gen<Style> Styles() =>
        from flags in Gen.ArrayOf(Gen.Elements(true, false), 9)
        from space in Gen.Elements(" ", "", "\t", "  ")
        select new Style(flags[0], flags[1], flags[2], flags[3], flags[4], flags[5], flags[6], flags[7], flags[8], space);

    private static Gen<string> Key() => Gen.OneOf(Gen.Elements(PlainKeys), Gen.Elements(PlainKeys), Gen.Elements(OddKeys));

    private static Gen<ObjectNode> ObjectGen(int size, int depth) =>
        from count in Gen.Choose(0, Math.Max(0, Math.Min(size, 6)))
        from keys in Gen.ArrayOf(Key(), count)
        from values in Gen.ArrayOf(ValueGen(size / 2, depth - 1), count)
        select new ObjectNode(Distinct(keys, values));

    private static List<KeyValuePair<string, Node>> Distinct(string[] keys, Node[] values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<KeyValuePair<string, Node>>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (seen.Add(keys[i]))
            {
                fields.Add(new(keys[i], values[i]));
            }
        }

        return fields;
    }

    private static Gen<Node> ValueGen(int size, int depth)
    {
        var scalars = Gen.OneOf(
            Gen.Elements(Words).Select(w => (Node)new StringNode(w)),
            Gen.Elements(OddStrings).Select(w => (Node)new StringNode(w)),
            Gen.Elements(NumberTexts).Select(t => (Node)new NumberNode(t)),
            Gen.Choose(-100000, 100000).Select(n => (Node)new NumberNode(n.ToString(CultureInfo.InvariantCulture))),
            Gen.Elements(true, false).Select(b => (Node)new BoolNode(b)),
            Gen.Constant((Node)new NullNode()));
        if (depth <= 0 || size <= 1)
        {
            return scalars;
        }

        var array = from count in Gen.Choose(0, 4)
                    from items in Gen.ArrayOf(ValueGen(size / 2, depth - 1), count)
                    select (Node)new ArrayNode(items);
        return Gen.OneOf(scalars, scalars, array, ObjectGen(size, depth).Select(o => (Node)o));
    }

    /// <summary>Writes the tree as HOCON in the given style.</summary>
    public static string Render(Node tree, Style style)
    {
        var sb = new StringBuilder();
        var root = (ObjectNode)tree;
        if (style.Comments)
        {
            sb.Append("# generated\n// document\n");
        }

        if (style.OmitRootBraces && !style.Json)
        {
            Fields(sb, root, style, []);
        }
        else
        {
            WriteObject(sb, root, style);
        }

        sb.Append('\n');
        return sb.ToString();
    }

    private static void WriteObject(StringBuilder sb, ObjectNode obj, Style style)
    {
        sb.Append('{').Append(style.NewlineSeparators ? "\n" : style.Space);
        Fields(sb, obj, style, []);
        sb.Append(style.Space).Append('}');
    }

    private static void Fields(StringBuilder sb, ObjectNode obj, Style style, List<string> prefix, bool nestedPath = false)
    {
        var first = true;
        foreach (var (key, value) in obj.Fields)
        {
            if (!style.Json && style.PathKeys && value is ObjectNode { Fields.Count: > 0 } nested)
            {
                // Path keys: a.b = 1 for every leaf below a non-empty object.
                if (!first)
                {
                    Separator(sb, style);
                }

                Fields(sb, nested, style, [.. prefix, key], nestedPath: true);
                first = false;
                continue;
            }

            if (!first)
            {
                Separator(sb, style);
            }

            first = false;
            var path = string.Join('.', prefix.Append(key).Select(k => KeyText(k, style)));
            sb.Append(path);
            if (value is ObjectNode && style.OmitSeparatorBeforeBrace && !style.Json)
            {
                sb.Append(style.Space);
            }
            else
            {
                sb.Append(style.Space).Append(style.Json || !style.UseEquals ? ':' : '=').Append(style.Space);
            }

            WriteValue(sb, value, style);
            if (style.Comments && style.NewlineSeparators && !style.Json && value is not ObjectNode)
            {
                sb.Append(" // after value");
            }
        }

        if (!nestedPath)
        {
            if (!first && style.TrailingComma && !style.Json)
            {
                sb.Append(',');
            }

            sb.Append(style.NewlineSeparators ? "\n" : string.Empty);
        }
    }

    private static void Separator(StringBuilder sb, Style style) =>
        sb.Append(style.NewlineSeparators && !style.Json ? (style.Comments ? "\n# between\n" : "\n") : "," + style.Space);

    private static void WriteValue(StringBuilder sb, Node value, Style style)
    {
        switch (value)
        {
            case ObjectNode obj:
                WriteObject(sb, obj, style);
                break;
            case ArrayNode array:
                sb.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(style.NewlineSeparators && !style.Json ? "\n" : "," + style.Space);
                    }

                    WriteValue(sb, array.Items[i], style);
                }

                if (array.Items.Count > 0 && style.TrailingComma && !style.Json)
                {
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            case StringNode s:
                sb.Append(StringText(s.Value, style));
                break;
            case NumberNode n:
                sb.Append(n.Text);
                break;
            case BoolNode b:
                sb.Append(b.Value ? "true" : "false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static string KeyText(string key, Style style) => !style.Json && IsSafeUnquoted(key) && key != "include" ? key : Quote(key);

    private static string StringText(string value, Style style)
    {
        if (style.Json)
        {
            return Quote(value);
        }

        if (IsSafeUnquoted(value) && !char.IsAsciiDigit(value[0]) && value[0] != '-' && !StartsWithKeyword(value) && !value.Contains('.', StringComparison.Ordinal))
        {
            return value;
        }

        if (style.TripleQuotes && !value.Contains("\"\"\"", StringComparison.Ordinal) && !value.EndsWith('"'))
        {
            return "\"\"\"" + value + "\"\"\"";
        }

        return Quote(value);
    }

    private static bool StartsWithKeyword(string value) =>
        value.StartsWith("true", StringComparison.Ordinal) || value.StartsWith("false", StringComparison.Ordinal) || value.StartsWith("null", StringComparison.Ordinal);

    private static bool IsSafeUnquoted(string text) =>
        text.Length > 0 && !text.Contains("//", StringComparison.Ordinal) && !text.Contains('.', StringComparison.Ordinal)
        && text.All(c => c > ' ' && !"$\"{}[]:=,+#`^?!@*&\\".Contains(c, StringComparison.Ordinal) && !char.IsWhiteSpace(c) && c != '\uFEFF');

    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Structural comparison of the model with a parsed value; returns the first difference, or null.</summary>
    public static string? Difference(Node expected, HoconValue actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (ObjectNode o, HoconObject h):
                if (!o.Fields.Select(f => f.Key).SequenceEqual(h.Keys))
                {
                    return $"{path}: keys [{string.Join(", ", o.Fields.Select(f => f.Key))}] vs [{string.Join(", ", h.Keys)}]";
                }

                foreach (var (key, value) in o.Fields)
                {
                    if (Difference(value, h[key], $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case (ArrayNode a, HoconArray h):
                if (a.Items.Count != h.Count)
                {
                    return $"{path}: {a.Items.Count} items vs {h.Count}";
                }

                for (var i = 0; i < h.Count; i++)
                {
                    if (Difference(a.Items[i], h[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case (StringNode s, HoconScalar { Type: HoconValueType.String } h) when s.Value == h.Text:
            case (NumberNode n, HoconScalar { Type: HoconValueType.Number } h2) when n.Text == h2.Text:
            case (BoolNode b, HoconScalar { Type: HoconValueType.Boolean } h3) when (b.Value ? "true" : "false") == h3.Text:
            case (NullNode, HoconScalar { Type: HoconValueType.Null }):
                return null;
            default:
                return $"{path}: expected {expected} but parsed {actual.Type} {actual}";
        }
    }
}
