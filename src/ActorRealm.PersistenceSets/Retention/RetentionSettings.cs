using ActorRealm.Contracts.Persistence;
using ActorRealm.Hocon;

namespace ActorRealm.PersistenceSets.Retention;

/// <summary>How much of a channel the persistence cluster keeps readable; 0 (or zero time) means no limit.</summary>
/// <param name="MaxMessages">The most readable messages.</param>
/// <param name="MaxBytes">The most readable message bytes.</param>
/// <param name="MaxAge">The oldest a readable message may be (by the primary leader's clock when it stored it).</param>
/// <param name="KeepUnread">Never drop a message a durable subscription of the channel has not read (the limits wait).</param>
public sealed record RetentionLimits(long MaxMessages = 0, long MaxBytes = 0, TimeSpan MaxAge = default, bool KeepUnread = false)
{
    /// <summary>No limit: everything is kept (the default).</summary>
    public static RetentionLimits Unlimited { get; } = new();

    /// <summary>Whether any limit applies.</summary>
    public bool Limits => MaxMessages > 0 || MaxBytes > 0 || MaxAge > TimeSpan.Zero;
}

/// <summary>Limits for the channels a pattern matches: a name, or a prefix ending in <c>*</c> (<c>*</c> alone: every channel).</summary>
/// <param name="Channels">The pattern.</param>
/// <param name="Limits">The limits of the channels it matches.</param>
public sealed record RetentionRule(string Channels, RetentionLimits Limits)
{
    /// <summary>Whether the pattern matches <paramref name="channel"/>.</summary>
    public bool Matches(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return Channels.EndsWith('*')
            ? channel.StartsWith(Channels[..^1], StringComparison.Ordinal)
            : string.Equals(channel, Channels, StringComparison.Ordinal);
    }
}

/// <summary>
/// Retention of the persistence cluster's channels (<c>actorrealm.persistence.retention</c>): default limits, rules
/// by channel pattern (the first that matches wins), and how often the primary leader checks them.
/// </summary>
/// <param name="Default">The limits of a channel no rule matches.</param>
/// <param name="Rules">The rules, in order.</param>
/// <param name="CheckInterval">How often the primary leader applies the limits (and every server considers a compaction).</param>
/// <param name="CompactAfter">How many log entries before the oldest readable message make a compaction worth one journal write.</param>
public sealed record RetentionSettings(RetentionLimits Default, IReadOnlyList<RetentionRule> Rules, TimeSpan CheckInterval, long CompactAfter = 10_000)
{
    private const string Key = "actorrealm.persistence.retention";
    private static readonly string[] LimitKeys = ["max-messages", "max-bytes", "max-age", "keep-unread"];

    /// <summary>Nothing is ever dropped (the default).</summary>
    public static RetentionSettings KeepEverything { get; } = new(RetentionLimits.Unlimited, [], TimeSpan.FromSeconds(1));

    /// <summary>The limits of <paramref name="channel"/>.</summary>
    public RetentionLimits For(string channel) => Rules.FirstOrDefault(r => r.Matches(channel))?.Limits ?? Default;

    /// <summary>Reads the settings, adding every problem to <paramref name="problems"/> (then the result is not to be used).</summary>
    /// <param name="config">A resolved configuration including the module's defaults.</param>
    /// <param name="problems">Where problems go.</param>
    public static RetentionSettings FromConfig(Config config, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(problems);
        var section = config.GetConfigOrEmpty(Key);
        var before = problems.Count;
        var defaults = ReadLimits(section, Key, RetentionLimits.Unlimited, problems);
        // Rules inherit the defaults' limits; a bad default is reported once, not again for every rule.
        var inherited = problems.Count == before ? defaults : RetentionLimits.Unlimited;
        var rules = new List<RetentionRule>();
        var list = Read(problems, () => section.GetConfigListOrEmpty("channels")) ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var where = $"{Key}.channels[{i}]";
            var pattern = Read(problems, () => list[i].GetString("match", string.Empty)) ?? string.Empty;
            var name = pattern.EndsWith('*') ? pattern[..^1] : pattern;
            if (pattern.Length == 0)
            {
                problems.Add($"{where} needs match = \"<channel>\" or \"<prefix>*\".");
            }
            else if (pattern != "*" && ChannelNames.Problem(name) is { } problem)
            {
                problems.Add($"{where}.match \"{pattern}\": {problem}");
            }

            foreach (var key in list[i].Keys.Where(k => k != "match" && !LimitKeys.Contains(k)))
            {
                problems.Add($"{where} has an unknown key '{key}' (known: match, {string.Join(", ", LimitKeys)}).");
            }

            rules.Add(new RetentionRule(pattern, ReadLimits(list[i], where, inherited, problems)));
        }

        var interval = Read(problems, () => (object)section.GetDuration("check-interval", KeepEverything.CheckInterval)) is TimeSpan t ? t : KeepEverything.CheckInterval;
        if (interval <= TimeSpan.Zero)
        {
            problems.Add($"{Key}.check-interval must be a positive duration (1s is usual).");
        }

        var compactAfter = Read(problems, () => (object)section.GetLong("compact-after", KeepEverything.CompactAfter)) is long c ? c : KeepEverything.CompactAfter;
        if (compactAfter < 1)
        {
            problems.Add($"{Key}.compact-after must be at least 1 entry (10000 is usual).");
        }

        return new RetentionSettings(defaults, rules, interval, compactAfter);
    }

    // A rule's missing limits are the defaults' (so a rule can change one limit only).
    private static RetentionLimits ReadLimits(Config section, string where, RetentionLimits fallback, List<string> problems)
    {
        var messages = Read(problems, () => (object)section.GetLong("max-messages", fallback.MaxMessages)) is long m ? m : 0;
        var bytes = Read(problems, () => (object)section.GetBytes("max-bytes", fallback.MaxBytes)) is long b ? b : 0;
        var age = Read(problems, () => (object)section.GetDuration("max-age", fallback.MaxAge)) is TimeSpan a ? a : TimeSpan.Zero;
        var keep = Read(problems, () => (object)section.GetBoolean("keep-unread", fallback.KeepUnread)) is true;
        if (messages < 0 || bytes < 0 || age < TimeSpan.Zero)
        {
            problems.Add($"{where}: max-messages, max-bytes and max-age are 0 (no limit) or positive, not {messages}, {bytes} and {age.TotalSeconds} s.");
        }

        return new RetentionLimits(messages, bytes, age, keep);
    }

    private static T? Read<T>(List<string> problems, Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (HoconException e)
        {
            problems.Add(e.Message);
            return null;
        }
    }
}
