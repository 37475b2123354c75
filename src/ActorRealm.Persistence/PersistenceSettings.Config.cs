using ActorRealm.Hocon;
using ActorRealm.Persistence.PostgreSql;
using ActorRealm.Persistence.Sqlite;

namespace ActorRealm.Persistence;

/// <summary>Reading the settings from HOCON.</summary>
public sealed partial record PersistenceSettings
{
    /// <summary>The path of this module's settings.</summary>
    public const string ConfigPath = "actorrealm.persistence";

    /// <summary>This module's embedded defaults (<c>reference.conf</c>), unresolved.</summary>
    public static Config Reference { get; } =
        ConfigFactory.FromResource(typeof(PersistenceSettings).Assembly, ConfigFactory.ReferenceResourceName(typeof(PersistenceSettings).Assembly));

    /// <summary>
    /// Reads <c>actorrealm.persistence</c> from <paramref name="config"/> (a node's whole configuration), with this
    /// module's reference defaults for keys it does not set, and validates the result.
    /// </summary>
    /// <exception cref="HoconException">A value is missing, of the wrong type, or not one of the allowed choices.</exception>
    public static PersistenceSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.WithFallback(Reference).Resolve().GetConfig(ConfigPath);
        var settings = new PersistenceSettings
        {
            Provider = Choice(c, "provider", new Dictionary<string, PersistenceProvider>
            {
                ["sqlite"] = PersistenceProvider.Sqlite,
                ["postgresql"] = PersistenceProvider.PostgreSql,
            }),
            ReplayBatchSize = c.GetInt("replay-batch-size"),
            WriteBatchSize = c.GetInt("write-batch-size"),
            MaxPendingWrites = c.GetInt("max-pending-writes"),
            Sqlite = SqliteJournalSettings.FromConfig(c.GetConfig("sqlite")),
            PostgreSql = PostgresJournalSettings.FromConfig(c.GetConfig("postgresql")),
        };
        try
        {
            return settings.Validate();
        }
        catch (ArgumentException e)
        {
            throw new HoconException(e.Message, e);
        }
    }

    /// <summary>Reads a string setting that must be one of <paramref name="choices"/> (case-insensitive).</summary>
    internal static T Choice<T>(Config config, string key, IReadOnlyDictionary<string, T> choices)
    {
        var value = config.GetString(key);
        foreach (var (name, choice) in choices)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        throw new HoconException($"{ConfigPath}: {key} must be one of {string.Join(", ", choices.Keys)}; got '{value}'.");
    }
}
