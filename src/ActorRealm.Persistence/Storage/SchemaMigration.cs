namespace ActorRealm.Persistence.Storage;

/// <summary>One step of a provider's schema history: applying it moves the database to <paramref name="Version"/>.</summary>
/// <param name="Version">The schema version after this step.</param>
/// <param name="Description">What the step does, recorded in the schema version table.</param>
/// <param name="Statements">The DDL, run in order inside the migration transaction.</param>
internal sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);
