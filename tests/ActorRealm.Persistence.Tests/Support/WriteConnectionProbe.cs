using System.Collections.Concurrent;
using System.Data.Common;
using LinqToDB;
using LinqToDB.Interceptors;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>
/// Runs <paramref name="query"/> on the very connection (inside the very transaction) on which a plugin is about to
/// run an INSERT, and keeps the answers: what the database says about the connection the journal writes on.
/// </summary>
public sealed class WriteConnectionProbe(string query) : CommandInterceptor
{
    public ConcurrentQueue<string> Answers { get; } = new();

    /// <summary>Adds the probe to <paramref name="pluginId"/>'s data options in <paramref name="parts"/>.</summary>
    public WriteConnectionProbe AttachTo(AkkaPersistenceParts parts, string pluginId)
    {
        Assert.True(parts.DataOptions.TryGetDataOptionsFor(pluginId, out var options));
        parts.DataOptions.AddDataOptions(pluginId, options!.UseInterceptor(this));
        return this;
    }

    public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
    {
        if (command.CommandText.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase))
        {
            using var check = command.Connection!.CreateCommand();
            check.Transaction = command.Transaction;
            check.CommandText = query;
            using var reader = check.ExecuteReader();
            var values = new List<string>();
            do
            {
                while (reader.Read())
                {
                    values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
                }
            }
            while (reader.NextResult());
            Answers.Enqueue(string.Join(',', values));
        }

        return command;
    }
}
