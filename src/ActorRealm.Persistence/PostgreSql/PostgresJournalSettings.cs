namespace ActorRealm.Persistence.PostgreSql;

/// <summary>Settings of the PostgreSQL provider (<c>actorrealm.persistence.postgresql</c>).</summary>
public sealed partial record PostgresJournalSettings
{
    /// <summary>Npgsql connection string (<c>Host=...;Port=...;Username=...;Password=...;Database=...</c>). Required for this provider.</summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <summary>The database schema holding the journal tables; created when missing. Default <c>public</c>.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>How long one statement may run before it fails. Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (!IsPlainIdentifier(Schema))
        {
            throw new ArgumentException(
                $"actorrealm.persistence.postgresql: schema must be a plain identifier (letters, digits, underscore; not starting with a digit), got '{Schema}'.",
                nameof(Schema));
        }

        PersistenceSettings.RequirePositive(CommandTimeout.Ticks, "postgresql.command-timeout");
    }

    private static bool IsPlainIdentifier(string name) =>
        name.Length is > 0 and <= 63 &&
        !char.IsAsciiDigit(name[0]) &&
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
