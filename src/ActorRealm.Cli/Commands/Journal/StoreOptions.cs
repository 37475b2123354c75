using System.CommandLine;
using ActorRealm.Persistence;

namespace ActorRealm.Cli.Commands.Journal;

/// <summary>The options that say which journal a command opens: provider, SQLite folder, PostgreSQL server and schema.</summary>
internal sealed class StoreOptions
{
    /// <summary>The environment variable read when <c>--connection-string</c> is not given (the node's own override variable).</summary>
    public const string ConnectionStringVariable = "ACTORREALM__PERSISTENCE__POSTGRESQL__CONNECTION_STRING";

    /// <param name="defaultSchema">The PostgreSQL schema when <c>--schema</c> is not given; null means the command picks one.</param>
    /// <param name="dataDirectoryRequired">Whether the SQLite provider needs <c>--data-dir</c> (otherwise a temporary folder is used).</param>
    public StoreOptions(string? defaultSchema, bool dataDirectoryRequired)
    {
        DataDirectory = new Option<string?>("--data-dir")
        {
            Description = "SQLite: the folder holding the journal file" + (dataDirectoryRequired ? "." : " (default: a new temporary folder, deleted afterwards)."),
        };
        Schema = new Option<string?>("--schema")
        {
            Description = "PostgreSQL: the schema holding the journal tables" +
                (defaultSchema is null ? " (default: a new schema, dropped afterwards)." : "."),
            DefaultValueFactory = _ => defaultSchema,
        };
        Provider.AcceptOnlyFromAmong("sqlite", "postgresql");
    }

    public Option<string> Provider { get; } = new("--provider")
    {
        Description = "Storage provider: sqlite or postgresql.",
        DefaultValueFactory = _ => "sqlite",
    };

    public Option<string?> DataDirectory { get; }

    public Option<string> FileName { get; } = new("--file-name")
    {
        Description = "SQLite: the journal file name inside the data folder.",
        DefaultValueFactory = _ => "journal.db",
    };

    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = $"PostgreSQL: Npgsql connection string (default: ${ConnectionStringVariable}).",
    };

    public Option<string?> Schema { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(DataDirectory);
        command.Options.Add(FileName);
        command.Options.Add(ConnectionString);
        command.Options.Add(Schema);
    }

    public bool IsPostgres(ParseResult result) => result.GetValue(Provider) == "postgresql";

    /// <summary>Builds the settings; the data directory is returned separately (it is the node's data dir, not a setting).</summary>
    public PersistenceSettings Settings(ParseResult result) => new()
    {
        Provider = IsPostgres(result) ? PersistenceProvider.PostgreSql : PersistenceProvider.Sqlite,
        Sqlite = new() { FileName = result.GetValue(FileName)! },
        PostgreSql = new()
        {
            ConnectionString = result.GetValue(ConnectionString) ?? Environment.GetEnvironmentVariable(ConnectionStringVariable) ?? string.Empty,
            Schema = result.GetValue(Schema) ?? "public",
        },
    };
}
