using ActorRealm.Hocon;

namespace ActorRealm.Persistence.Sqlite;

/// <summary>Reading the SQLite settings from HOCON.</summary>
public sealed partial record SqliteJournalSettings
{
    /// <summary>Reads the <c>actorrealm.persistence.sqlite</c> block.</summary>
    public static SqliteJournalSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new SqliteJournalSettings
        {
            DataDirectory = config.GetString("data-dir"),
            FileName = config.GetString("file-name"),
            Synchronous = PersistenceSettings.Choice(config, "synchronous", new Dictionary<string, SqliteSynchronous>
            {
                ["full"] = SqliteSynchronous.Full,
                ["normal"] = SqliteSynchronous.Normal,
            }),
            BusyTimeout = config.GetDuration("busy-timeout"),
            StartupCheck = PersistenceSettings.Choice(config, "startup-check", new Dictionary<string, SqliteStartupCheck>
            {
                ["quick"] = SqliteStartupCheck.Quick,
                ["full"] = SqliteStartupCheck.Full,
                ["none"] = SqliteStartupCheck.None,
            }),
        };
    }
}
