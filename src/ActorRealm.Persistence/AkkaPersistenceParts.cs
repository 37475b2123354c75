using Akka.Actor.Setup;
using Akka.Persistence.Sql.Config;
using Microsoft.Data.Sqlite;
using AkkaConfig = Akka.Configuration.Config;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Persistence;

/// <summary>
/// What an actor system needs to persist in ActorRealm's store (made by <see cref="AkkaPersistenceSetup.Build"/>):
/// the <c>akka.persistence</c> configuration and the per-plugin data options that enforce durability on every
/// connection. Both are required: the configuration alone does not force SQLite's WAL and <c>synchronous</c> level,
/// and it leaves the PostgreSQL password out.
/// </summary>
public sealed class AkkaPersistenceParts
{
    private readonly Lazy<AkkaConfig> _config;
    private readonly StoreTarget _target;

    internal AkkaPersistenceParts(string hocon, MultiDataOptionsSetup dataOptions, string store, StoreTarget target)
    {
        _target = target;
        Hocon = hocon;
        DataOptions = dataOptions;
        Store = store;
        _config = new Lazy<AkkaConfig>(() => AkkaConfigurationFactory.ParseString(hocon));
    }

    /// <summary>
    /// The <c>akka.persistence</c> part of the configuration (journal, snapshot store and query plugins, the default
    /// plugin ids, provider, connection string without password, table names, batching). Layer it under the
    /// user's own <c>akka</c> section and above Akka's defaults.
    /// </summary>
    public string Hocon { get; }

    /// <summary><see cref="Hocon"/> parsed by Akka's parser (for <c>BootstrapSetup.WithConfig</c> or Akka.Hosting's <c>AddHocon</c>).</summary>
    public AkkaConfig Config => _config.Value;

    /// <summary>
    /// The data options of the journal, snapshot store and query plugins, keyed by plugin id. An actor system has one
    /// <see cref="MultiDataOptionsSetup"/>: a host with more Akka.Persistence.Sql plugins adds theirs to this one.
    /// </summary>
    public MultiDataOptionsSetup DataOptions { get; }

    /// <summary>The setups to add to the <c>ActorSystemSetup</c> (Akka.Hosting: <c>AddSetup</c> each).</summary>
    public IReadOnlyList<Setup> Setups => [DataOptions];

    /// <summary>The store, for log lines: the SQLite file, or the PostgreSQL server and schema (never the password).</summary>
    public string Store { get; }

    /// <summary>
    /// Closes this store's idle pooled SQLite connections; call it once the actor system that used these parts has
    /// terminated. Pooled connections keep the journal file open after the system ends, and a later system in the
    /// same process with the same connection string is handed them: if the file was deleted or replaced meanwhile (a
    /// node restarted on an emptied data directory), it would go on reading and writing the old, unlinked file.
    /// Other stores' pools are left alone. Nothing to do for PostgreSQL.
    /// </summary>
    public void ReleaseConnections()
    {
        if (!_target.IsPostgres)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_target.ConnectionString()));
        }
    }

    /// <summary>
    /// Adds the data options to <paramref name="setup"/>: into its <see cref="MultiDataOptionsSetup"/> when it has one
    /// (other plugins' entries are kept), else as a new one.
    /// </summary>
    public ActorSystemSetup AddTo(ActorSystemSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var existing = setup.Get<MultiDataOptionsSetup>();
        if (!existing.HasValue)
        {
            return setup.And(DataOptions);
        }

        foreach (var pluginId in new[] { AkkaPersistenceSetup.JournalPluginId, AkkaPersistenceSetup.SnapshotPluginId, AkkaPersistenceSetup.QueryPluginId })
        {
            if (DataOptions.TryGetDataOptionsFor(pluginId, out var options) && options is not null)
            {
                existing.Value.AddDataOptions(pluginId, options);
            }
        }

        return setup;
    }
}
