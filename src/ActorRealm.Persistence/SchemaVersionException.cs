namespace ActorRealm.Persistence;

/// <summary>
/// The database holds a schema this release cannot use: written by a newer release, or (when opened read-only)
/// an older one that needs migrating first. Nothing was changed.
/// </summary>
public sealed class SchemaVersionException : PersistenceStartupException
{
    /// <summary>Creates the exception for the store at <paramref name="store"/>.</summary>
    /// <param name="store">The file path or server description.</param>
    /// <param name="foundVersion">The schema version found in the database.</param>
    /// <param name="knownVersion">The newest schema version this release knows.</param>
    /// <param name="advice">What the operator should do.</param>
    public SchemaVersionException(string store, int foundVersion, int knownVersion, string advice)
        : base($"Journal schema version {foundVersion} in {store} is not usable by this release, which knows schema version {knownVersion}. {advice}")
    {
        Store = store;
        FoundVersion = foundVersion;
        KnownVersion = knownVersion;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SchemaVersionException()
        : base("Unusable journal schema version.")
    {
        Store = string.Empty;
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public SchemaVersionException(string message)
        : base(message)
    {
        Store = string.Empty;
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public SchemaVersionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Store = string.Empty;
    }

    /// <summary>The file path or server description.</summary>
    public string Store { get; }

    /// <summary>The schema version found in the database.</summary>
    public int FoundVersion { get; }

    /// <summary>The newest schema version this release knows.</summary>
    public int KnownVersion { get; }
}
