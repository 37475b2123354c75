using System.Text.Json;

namespace ActorRealm.Persistence.Storage;

/// <summary>Tags are stored with the event row as a JSON array of strings (and indexed in the tag table).</summary>
internal static class Tags
{
    public static string? ToJson(IReadOnlyList<string> tags) =>
        tags.Count == 0 ? null : JsonSerializer.Serialize(tags.Distinct(StringComparer.Ordinal).ToArray());

    public static IReadOnlyList<string> FromJson(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static IEnumerable<string> Distinct(IReadOnlyList<string> tags) => tags.Distinct(StringComparer.Ordinal);
}
