using ActorRealm.Hocon;
using ActorRealm.Persistence.PostgreSql;
using ActorRealm.Persistence.Sqlite;

namespace ActorRealm.Persistence.Tests;

public sealed class PersistenceSettingsTests
{
    [Fact]
    public void Reference_conf_defaults_match_the_record_defaults()
    {
        Assert.Equal(new PersistenceSettings(), PersistenceSettings.FromConfig(Config.Empty));
    }

    [Fact]
    public void Every_setting_is_read_from_hocon()
    {
        var config = ConfigFactory.ParseString("""
            actorrealm.persistence {
              provider = postgresql
              replay-batch-size = 50
              write-batch-size = 200
              max-pending-writes = 10
              sqlite { data-dir = "/var/lib/x", file-name = "n.db", synchronous = normal, busy-timeout = 250ms, startup-check = none }
              postgresql { connection-string = "Host=db", schema = "realm_a", command-timeout = 1m }
            }
            """);

        var settings = PersistenceSettings.FromConfig(config);

        Assert.Equal(
            new PersistenceSettings
            {
                Provider = PersistenceProvider.PostgreSql,
                ReplayBatchSize = 50,
                WriteBatchSize = 200,
                MaxPendingWrites = 10,
                Sqlite = new SqliteJournalSettings
                {
                    DataDirectory = "/var/lib/x",
                    FileName = "n.db",
                    Synchronous = SqliteSynchronous.Normal,
                    BusyTimeout = TimeSpan.FromMilliseconds(250),
                    StartupCheck = SqliteStartupCheck.None,
                },
                PostgreSql = new PostgresJournalSettings { ConnectionString = "Host=db", Schema = "realm_a", CommandTimeout = TimeSpan.FromMinutes(1) },
            },
            settings);
    }

    [Theory]
    [InlineData("provider = mysql", "provider")]
    [InlineData("sqlite.synchronous = off", "synchronous")]
    [InlineData("replay-batch-size = 0", "replay-batch-size")]
    [InlineData("postgresql.schema = \"Bad-Name\"", "schema")]
    [InlineData("sqlite.file-name = \"../x.db\"", "file-name")]
    public void Bad_values_are_refused_naming_the_key(string line, string key)
    {
        var error = Assert.Throws<HoconException>(() => PersistenceSettings.FromConfig(ConfigFactory.ParseString($"actorrealm.persistence.{line}")));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
