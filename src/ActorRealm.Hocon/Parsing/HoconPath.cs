using System.Text;
using ActorRealm.Hocon.Parsing;

namespace ActorRealm.Hocon;

/// <summary>Path expressions (<c>a.b."c.d"</c>): parsing for keys, substitutions and getters, and rendering for messages.</summary>
internal static class HoconPath
{
    private static readonly Dictionary<string, string[]> Cache = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    /// <summary>Parses a path given to the API, e.g. <c>actorrealm.node.port</c> or <c>a."b.c"</c>.</summary>
    /// <exception cref="HoconException">The path is empty or malformed.</exception>
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (CacheLock)
        {
            if (Cache.TryGetValue(path, out var cached))
            {
                return cached;
            }
        }

        var parsed = ParseUncached(path);
        lock (CacheLock)
        {
            if (Cache.Count < 4096)
            {
                Cache[path] = parsed;
            }
        }

        return parsed;
    }

    private static string[] ParseUncached(string path)
    {
        var simple = path.Length > 0;
        foreach (var c in path)
        {
            if (Tokenizer.IsForbidden(c) || Tokenizer.IsWhitespace(c) || c == '/')
            {
                simple = false;
                break;
            }
        }

        var origin = new HoconOrigin("path", 1, 1);
        if (simple)
        {
            var segments = path.Split('.');
            if (Array.Exists(segments, s => s.Length == 0))
            {
                throw new HoconException(origin, $"invalid path '{path}': a path element is empty; quote empty keys (\"\")");
            }

            return segments;
        }

        var tokens = Tokenizer.Tokenize(path, "path");
        var end = tokens.Count - 1;
        for (var i = 0; i < end; i++)
        {
            if (!tokens[i].IsSimple && tokens[i].Kind != TokenKind.Whitespace)
            {
                throw new HoconException(origin, $"invalid path '{path}': unexpected {tokens[i].Describe()}");
            }
        }

        return FromTokens(tokens, 0, end, origin, "path");
    }

    /// <summary>Builds path elements from key tokens: '.' outside quotes separates elements; outer whitespace is dropped.</summary>
    public static string[] FromTokens(List<Token> tokens, int start, int end, HoconOrigin origin, string what)
    {
        while (start < end && tokens[start].Kind == TokenKind.Whitespace)
        {
            start++;
        }

        while (end > start && tokens[end - 1].Kind == TokenKind.Whitespace)
        {
            end--;
        }

        if (start == end)
        {
            throw new HoconException(origin, $"expected a path in the {what}, found nothing");
        }

        // Fast path: one quoted token, or one unquoted token without dots.
        if (end == start + 1)
        {
            var single = tokens[start];
            if (single.Kind == TokenKind.Quoted || (single.Text.Length > 0 && !single.Text.Contains('.', StringComparison.Ordinal)))
            {
                return [single.Text];
            }
        }

        var segments = new List<string>(4);
        var current = new StringBuilder();
        var quoted = false;
        for (var i = start; i < end; i++)
        {
            var token = tokens[i];
            if (token.Kind is TokenKind.Quoted or TokenKind.Whitespace)
            {
                current.Append(token.Text);
                quoted |= token.Kind == TokenKind.Quoted;
                continue;
            }

            var pieces = token.Text.Split('.');
            current.Append(pieces[0]);
            for (var p = 1; p < pieces.Length; p++)
            {
                Finish(segments, current, quoted, origin, what);
                quoted = false;
                current.Append(pieces[p]);
            }
        }

        Finish(segments, current, quoted, origin, what);
        return [.. segments];
    }

    private static void Finish(List<string> segments, StringBuilder current, bool quoted, HoconOrigin origin, string what)
    {
        if (current.Length == 0 && !quoted)
        {
            throw new HoconException(origin, $"the path in the {what} has an empty element (as in 'a..b', '.a' or 'a.'); quote empty keys (\"\")");
        }

        segments.Add(current.ToString());
        current.Clear();
    }

    /// <summary>Renders path elements as a path expression, quoting elements that need it.</summary>
    public static string Render(IReadOnlyList<string> path)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            var segment = path[i];
            if (NeedsQuotes(segment))
            {
                JsonRenderer.AppendQuoted(sb, segment);
            }
            else
            {
                sb.Append(segment);
            }
        }

        return sb.ToString();
    }

    private static bool NeedsQuotes(string segment)
    {
        if (segment.Length == 0 || segment.Contains("//", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var c in segment)
        {
            if (c == '.' || Tokenizer.IsForbidden(c) || Tokenizer.IsWhitespace(c))
            {
                return true;
            }
        }

        return false;
    }
}
