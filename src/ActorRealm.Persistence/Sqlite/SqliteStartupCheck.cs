namespace ActorRealm.Persistence.Sqlite;

/// <summary>How thoroughly the journal file is checked for corruption when it is opened.</summary>
public enum SqliteStartupCheck
{
    /// <summary><c>PRAGMA quick_check</c>: every page is read and the b-trees are checked (about 50 ms per 30 MB). The default.</summary>
    Quick,

    /// <summary><c>PRAGMA integrity_check</c>: also checks that indexes match their tables. Slower on large files.</summary>
    Full,

    /// <summary>No check beyond what opening the file and reading the schema does. For very large files whose start-up time matters more.</summary>
    None,
}
