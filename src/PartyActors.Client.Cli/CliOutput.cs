using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PartyActors.Client.Cli;

/// <summary>How commands print answers (two columns, or JSON with <c>--json</c>) and read bodies from files (<c>--file</c>).</summary>
internal static class CliOutput
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,

        // A terminal shows Chinese as itself; the output is text for people and tools, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The answer as indented JSON with the client's wire names (camelCase, as the server sends them).</summary>
    public static async Task WriteJsonAsync<T>(TextWriter output, T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        var writer = new Utf8JsonWriter(buffer, Indented);
        await using (writer.ConfigureAwait(false))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).ConfigureAwait(false);
    }

    /// <summary>Rows of name and value in two aligned columns; a null value prints as <c>-</c>.</summary>
    public static async Task WritePairsAsync(TextWriter output, IReadOnlyList<(string Name, string? Value)> rows)
    {
        var width = rows.Max(row => row.Name.Length) + 2;
        foreach (var (name, value) in rows)
        {
            await output.WriteLineAsync(name.PadRight(width) + (value ?? "-")).ConfigureAwait(false);
        }
    }

    /// <summary>A body read from a JSON file; a file that is not one is the user's to fix, so it is a <see cref="CliException"/>.</summary>
    public static async Task<T> ReadJsonFileAsync<T>(FileInfo file, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new CliException($"{file.FullName} holds null, not a {typeof(T).Name}.");
            }
            catch (JsonException e)
            {
                throw new CliException($"{file.FullName} is not a valid {typeof(T).Name}: {e.Message}");
            }
        }
    }
}
