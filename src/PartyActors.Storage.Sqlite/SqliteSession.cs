using Microsoft.Data.Sqlite;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// One open connection and its prepared commands. A command is kept per SQL text because
/// Microsoft.Data.Sqlite keeps a command's prepared statements until its text changes: reusing it
/// saves parsing and planning the same statement on every row. Not thread-safe: a session is used
/// by one caller at a time (the writer loop, or the reader that took it from the pool).
/// </summary>
internal sealed class SqliteSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>The cached command for <paramref name="sql"/>, with its parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is always one of this assembly's constant statements.
            command.CommandText = sql;
#pragma warning restore CA2100
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    public void Execute(string sql) => Command(sql).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }
}

internal static class SqliteCommandExtensions
{
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
