namespace ActorRealm.Persistence.Sqlite;

/// <summary>Settings of the SQLite provider (<c>actorrealm.persistence.sqlite</c>).</summary>
public sealed partial record SqliteJournalSettings
{
    /// <summary>
    /// The folder holding the database file. Empty (the default) means the node's data directory, which the caller
    /// passes when opening the store (<c>actorrealm.node.data-dir</c> for a server node).
    /// </summary>
    public string DataDirectory { get; init; } = string.Empty;

    /// <summary>The database file name inside the data directory. Default <c>journal.db</c>.</summary>
    public string FileName { get; init; } = "journal.db";

    /// <summary>Durability of acknowledged writes. Default <see cref="SqliteSynchronous.Full"/>.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>How long a statement waits for a lock held by another connection or process. Default 5 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Corruption check at start-up. Default <see cref="SqliteStartupCheck.Quick"/>.</summary>
    public SqliteStartupCheck StartupCheck { get; init; } = SqliteStartupCheck.Quick;

    /// <summary>Resolves the database file path, using <paramref name="nodeDataDirectory"/> when <see cref="DataDirectory"/> is empty.</summary>
    public string ResolvePath(string? nodeDataDirectory)
    {
        var directory = DataDirectory.Length > 0 ? DataDirectory : nodeDataDirectory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new PersistenceStartupException(
                "No data directory for the SQLite journal: set actorrealm.persistence.sqlite.data-dir or the node's data directory.");
        }

        return Path.GetFullPath(Path.Combine(directory, FileName));
    }

    internal void Validate()
    {
        if (FileName.Length == 0 || FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || FileName != Path.GetFileName(FileName))
        {
            throw new ArgumentException($"actorrealm.persistence.sqlite: file-name must be a plain file name, got '{FileName}'.", nameof(FileName));
        }

        PersistenceSettings.RequirePositive(BusyTimeout.Ticks, "sqlite.busy-timeout");
    }
}
