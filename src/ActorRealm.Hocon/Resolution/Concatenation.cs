using System.Text;

namespace ActorRealm.Hocon.Resolution;

/// <summary>Joins the parts of a value concatenation: strings into one string, arrays into one array, objects by merging.</summary>
internal static class Concatenation
{
    /// <summary>Joins resolved parts (unquoted whitespace parts included); null when no non-whitespace part is left.</summary>
    /// <param name="parts">The parts, in order.</param>
    /// <param name="origin">The position of the concatenation.</param>
    /// <param name="inPlace">True while the parser owns the parts (objects merge without copying).</param>
    /// <param name="partOrigins">Where each part was written, when it differs from the part's own origin (substituted values).</param>
    public static HoconValue? Join(List<HoconValue> parts, HoconOrigin origin, bool inPlace, List<HoconOrigin>? partOrigins = null)
    {
        var nonWhitespace = 0;
        var containers = false;
        foreach (var part in parts)
        {
            if (IsWhitespace(part))
            {
                continue;
            }

            nonWhitespace++;
            containers |= part is HoconObject or HoconArray;
        }

        if (nonWhitespace == 0)
        {
            return null;
        }

        if (!containers)
        {
            // Whitespace next to a dropped optional substitution is outer whitespace now: discard it, as the parser does.
            while (IsWhitespace(parts[0]))
            {
                parts.RemoveAt(0);
            }

            while (IsWhitespace(parts[^1]))
            {
                parts.RemoveAt(parts.Count - 1);
            }

            if (parts.Count == 1)
            {
                return parts[0];
            }

            var sb = new StringBuilder();
            foreach (var part in parts)
            {
                sb.Append(((HoconScalar)part).Text);
            }

            return new HoconScalar(origin, HoconValueType.String, sb.ToString());
        }

        HoconValue? joined = null;
        var joinedIndex = -1;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (IsWhitespace(part))
            {
                continue;
            }

            joined = (joined, part) switch
            {
                (null, HoconObject or HoconArray) => part,
                (HoconObject earlier, HoconObject later) => Merger.Merge(later, earlier, inPlace),
                (HoconArray earlier, HoconArray later) => new HoconArray(earlier.Origin, [.. earlier.Items, .. later.Items]),
                _ => throw Mismatch(parts, i, joined is null ? parts.FindIndex(p => p is HoconObject or HoconArray) : joinedIndex, partOrigins),
            };
            joinedIndex = joinedIndex < 0 ? i : joinedIndex;
        }

        return joined;
    }

    private static HoconException Mismatch(List<HoconValue> parts, int offending, int other, List<HoconOrigin>? partOrigins)
    {
        var (first, second) = offending < other ? (offending, other) : (other, offending);
        var at = partOrigins?[offending] ?? parts[offending].Origin;
        return new(at, $"cannot concatenate {Describe(parts[first])} with {Describe(parts[second])}: a value concatenation joins only strings, only arrays or only objects");
    }

    private static bool IsWhitespace(HoconValue part) => part is HoconScalar { IsUnquotedWhitespace: true };

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar { Type: HoconValueType.String } s when string.IsNullOrWhiteSpace(s.Text) => "quoted whitespace",
        HoconScalar s => $"the {s.Type.ToString().ToLowerInvariant()} '{s.Text}'",
        _ => "an unresolved value",
    };
}
