using ActorRealm.Hocon;

namespace ActorRealm.Persistence.PostgreSql;

/// <summary>Reading the PostgreSQL settings from HOCON.</summary>
public sealed partial record PostgresJournalSettings
{
    /// <summary>Reads the <c>actorrealm.persistence.postgresql</c> block.</summary>
    public static PostgresJournalSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new PostgresJournalSettings
        {
            ConnectionString = config.GetString("connection-string"),
            Schema = config.GetString("schema"),
            CommandTimeout = config.GetDuration("command-timeout"),
        };
    }
}
