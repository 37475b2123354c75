namespace ActorRealm.Contracts.Persistence;

/// <summary>
/// The channel name policy, for channels and durable subscriptions alike: 1 to 200 characters, each an ASCII letter,
/// a digit, <c>.</c>, <c>_</c> or <c>-</c>, not starting with <c>.</c> (names stay usable as file and metric names,
/// and a leading dot is kept for the realm's own channels). Names are case-sensitive.
/// </summary>
public static class ChannelNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 200;

    /// <summary>The policy in one sentence, for error messages and help.</summary>
    public const string Policy = "1 to 200 characters: ASCII letters, digits, '.', '_' or '-', not starting with '.'";

    /// <summary>What is wrong with <paramref name="name"/> as a <paramref name="what"/> name, or null when it is valid.</summary>
    /// <param name="name">The name.</param>
    /// <param name="what">"channel" or "subscription", for the message.</param>
    public static string? Problem(string? name, string what = "channel")
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"The {what} name is empty; it must be {Policy}.";
        }

        if (name.Length > MaxLength)
        {
            return $"The {what} name is {name.Length} characters long; it must be {Policy}.";
        }

        if (name[0] == '.')
        {
            return $"The {what} name '{name}' starts with '.'; it must be {Policy}.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"The {what} name '{name}' contains '{c}' (U+{(int)c:X4}); it must be {Policy}.";
            }
        }

        return null;
    }
}
