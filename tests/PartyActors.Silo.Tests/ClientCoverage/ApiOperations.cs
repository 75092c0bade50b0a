using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using PartyActors.Client;
using PartyActors.Client.Cli;

namespace PartyActors.Silo.Tests.ClientCoverage;

/// <summary>
/// The operations (<c>"METHOD /path/{param}"</c>) the real app's OpenAPI document lists, and those the
/// shipped client's methods (<see cref="ApiOperationAttribute"/>) and the CLI's commands (<see cref="ApiCommand"/>) name.
/// </summary>
internal static partial class ApiOperations
{
    /// <summary>Every operation of the document, HEAD twins of GETs left out.</summary>
    public static async Task<IReadOnlySet<string>> ServedAsync(ApiClient api)
    {
        using var response = await api.GetAsync("/openapi/v1.json", null);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is "get" or "put" or "post" or "delete" or "patch")
                {
                    operations.Add($"{method.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        return operations;
    }

    /// <summary>Each public client method that names an operation, with the operations it names.</summary>
    public static IReadOnlyList<(MethodInfo Method, string Operation)> OfClient() =>
        [.. typeof(PartyActorsClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .SelectMany(m => m.GetCustomAttributes<ApiOperationAttribute>().Select(a => (m, a.Operation)))];

    /// <summary>Each CLI command that calls the server, by its full name (<c>orgs get</c>), with the operations it names.</summary>
    public static IReadOnlyList<(string Command, string Operation)> OfCli()
    {
        var root = CliApp.CreateRoot(new CliSettings(TextWriter.Null, TextWriter.Null));
        var found = new List<(string, string)>();
        Walk(root, string.Empty);
        return found;

        void Walk(Command command, string name)
        {
            if (command is ApiCommand api)
            {
                found.AddRange(api.Operations.Select(o => (name, o)));
            }

            foreach (var sub in command.Subcommands)
            {
                Walk(sub, name.Length == 0 ? sub.Name : name + " " + sub.Name);
            }
        }
    }

    /// <summary>The served operation a request for <paramref name="method"/> <paramref name="path"/> reaches: literal segments win over parameters, as in routing.</summary>
    public static string? Resolve(IReadOnlySet<string> served, string method, string path) =>
        served
            .Where(o => o.StartsWith(method + " ", StringComparison.Ordinal) && Template(o[(method.Length + 1)..]).IsMatch(path))
            .OrderBy(o => Parameter().Count(o))
            .FirstOrDefault();

    private static Regex Template(string template) =>
        new("^" + Parameter().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$");

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex Parameter();
}
