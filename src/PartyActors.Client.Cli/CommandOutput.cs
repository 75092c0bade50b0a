using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace PartyActors.Client.Cli;

/// <summary>What the noun commands share: running with a client, printing answers as text or as JSON, reading bodies from files.</summary>
internal static class CommandOutput
{
    // Indented for a person, Chinese as itself; the names and shapes are the API's (the client's generated context).
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = ClientJsonContext.Default,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The <c>--json</c> option: print the answer as JSON instead of text.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the answer as JSON, as the API spells it" };

    /// <summary>Runs <paramref name="action"/> with a client for the invocation; failures a user can meet become a message and exit code 1.</summary>
    public static void SetClientAction(this Command command, Connection connection, Func<ParseResult, PartyActorsClient, CancellationToken, Task> action) =>
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await action(parseResult, client, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));

    public static Task WriteJsonAsync<T>(TextWriter output, T value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Indented.GetTypeInfo(typeof(T))));

    /// <summary>Name and value in two columns, easy to read and to grep; a null value prints as <c>-</c>.</summary>
    public static async Task WriteRowsAsync(TextWriter output, IReadOnlyList<(string Name, string? Value)> rows)
    {
        var width = rows.Max(row => row.Name.Length) + 2;
        foreach (var (name, value) in rows)
        {
            await output.WriteLineAsync(name.PadRight(width) + (value ?? "-")).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a request body from a JSON file, in the API's names.</summary>
    public static async Task<T> ReadJsonFileAsync<T>(FileInfo file, CancellationToken cancellationToken)
    {
        var stream = file.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, (JsonTypeInfo<T>)Indented.GetTypeInfo(typeof(T)), cancellationToken).ConfigureAwait(false)
                    ?? throw new CliException($"{file.Name} holds null, not a body.");
            }
            catch (JsonException e)
            {
                throw new CliException($"{file.Name} is not a valid body: {e.Message}");
            }
        }
    }

    /// <summary>The value of a required option, or a message naming it when it was left out (options may come from <c>--file</c> instead).</summary>
    public static T Need<T>(ParseResult parseResult, Option<T> option)
    {
        var value = parseResult.GetValue(option);
        return value is null ? throw new CliException($"{option.Name} is required (or give the body with --file).") : value;
    }

    public static string Time(DateTimeOffset at) => ReportCommand.Instant(at);

    public static string? Time(DateTimeOffset? at) => at is { } value ? ReportCommand.Instant(value) : null;

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string? Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);
}
