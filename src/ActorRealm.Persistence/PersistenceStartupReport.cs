namespace ActorRealm.Persistence;

/// <summary>What <see cref="PersistenceStartup.CheckAsync"/> found: the store it checked and the warnings to log.</summary>
/// <param name="Store">The SQLite file, or the PostgreSQL server and schema (never the password).</param>
/// <param name="Warnings">Conditions that weaken durability without preventing start-up; log each as a warning.</param>
public sealed record PersistenceStartupReport(string Store, IReadOnlyList<string> Warnings);
