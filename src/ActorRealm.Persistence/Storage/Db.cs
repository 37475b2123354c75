using System.Data.Common;

namespace ActorRealm.Persistence.Storage;

/// <summary>Small ADO.NET helpers shared by both providers.</summary>
internal static class Db
{
    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Creates a command bound to <paramref name="transaction"/>.</summary>
    public static DbCommand Command(this DbTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs a statement inside <paramref name="transaction"/>.</summary>
    public static async Task ExecuteAsync(this DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = transaction.Command(sql);
        await using (command.ConfigureAwait(false))
        {
            foreach (var (name, value) in parameters)
            {
                command.Add(name, value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static long ToUnixMs(this DateTimeOffset timestamp) => timestamp.ToUnixTimeMilliseconds();

    public static long ToInt64(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
}
