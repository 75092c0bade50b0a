using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace PartyActors.Silo.Tests.Deploy;

/// <summary>The repository's deployment files, read as data: YAML as plain trees, the Dockerfile as instructions.</summary>
internal static partial class DeployFiles
{
    /// <summary>The repository root: the folder above the test assembly that holds PartyActors.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PartyActors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PartyActors.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>appsettings.json as the silo reads it (the base of every deployment's settings).</summary>
    public static IConfigurationRoot AppSettings(string file = "appsettings.json") =>
        new ConfigurationBuilder().AddJsonFile(PathOf("src/PartyActors.Silo/" + file), optional: false).Build();

    // ---- YAML ----

    /// <summary>
    /// Every document of a YAML text as a plain tree: mappings are dictionaries (with YAML merge keys
    /// <c>&lt;&lt;</c> applied, explicit keys winning), sequences lists, scalars strings.
    /// </summary>
    public static List<object?> YamlDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => Plain(d.RootNode)).ToList();
    }

    public static object? Plain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlMappingNode mapping => PlainMapping(mapping),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType} at {node.Start}."),
    };

    private static Dictionary<string, object?> PlainMapping(YamlMappingNode mapping)
    {
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        var own = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (key == "<<")
            {
                var sources = valueNode is YamlSequenceNode list ? list.Children : [valueNode];
                foreach (var source in sources)
                {
                    foreach (var (k, v) in (Dictionary<string, object?>)Plain(source)!)
                    {
                        merged.TryAdd(k, v);
                    }
                }
            }
            else
            {
                own[key] = Plain(valueNode);
            }
        }

        foreach (var (k, v) in own)
        {
            merged[k] = v;
        }

        return merged;
    }

    public static Dictionary<string, object?> Map(object? node, string what) =>
        node as Dictionary<string, object?> ?? throw new InvalidOperationException($"{what} is not a mapping.");

    public static Dictionary<string, object?> MapOrEmpty(object? node) => node as Dictionary<string, object?> ?? new(StringComparer.Ordinal);

    public static List<object?> ListOrEmpty(object? node) => node as List<object?> ?? [];

    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(object? node, params string[] path) => At(node, path) as string;

    // ---- Dockerfile ----

    /// <summary>One instruction of a Dockerfile: its keyword (upper case) and its arguments, continuation lines joined.</summary>
    public sealed record Instruction(string Keyword, string Arguments);

    public static List<Instruction> Dockerfile(string text)
    {
        var instructions = new List<Instruction>();
        var current = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Count == 0 && (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }

            if (current.Count > 0 && line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var continued = line.EndsWith('\\');
            current.Add(continued ? line[..^1] : line);
            if (!continued)
            {
                var joined = string.Join(' ', current.Select(l => l.Trim())).Trim();
                var space = joined.IndexOf(' ', StringComparison.Ordinal);
                instructions.Add(space < 0
                    ? new Instruction(joined.ToUpperInvariant(), string.Empty)
                    : new Instruction(joined[..space].ToUpperInvariant(), joined[(space + 1)..].Trim()));
                current.Clear();
            }
        }

        return instructions;
    }

    /// <summary>The variables of the ENV instructions of the last stage (the image), in the <c>K=V K2=V2</c> form.</summary>
    public static Dictionary<string, string> DockerfileEnvironment(List<Instruction> instructions)
    {
        var lastStage = instructions.FindLastIndex(i => i.Keyword == "FROM");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in instructions.Skip(lastStage).Where(i => i.Keyword == "ENV"))
        {
            foreach (var pair in instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                Assert.True(equals > 0, $"ENV {pair}: use the KEY=VALUE form.");
                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return environment;
    }

    // ---- Settings ----

    /// <summary>The ports a <c>Urls</c> value opens (<c>http://+:8080;http://+:8081</c>).</summary>
    public static List<int> UrlPorts(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => UrlPort().Match(url))
            .Select(match => match.Success
                ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"No port in '{urls}'."))
            .ToList();

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex UrlPort();

    /// <summary>
    /// The value a container gets for a setting, in the host's order: its environment or the image's ENV
    /// (<c>Cluster__SiloPort</c> for <c>Cluster:SiloPort</c>), else appsettings.json, else the
    /// <c>ASPNETCORE_</c>/<c>DOTNET_</c> variables (read before appsettings.json, so below it), else the
    /// catalogue's default.
    /// </summary>
    public static string? Effective(string key, IReadOnlyDictionary<string, string?> environment)
    {
        var image = Image.Environment.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        string? Find(IReadOnlyDictionary<string, string?> source, bool prefixed)
        {
            foreach (var (name, value) in source)
            {
                var prefix = SettingsCatalog.HostPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
                if ((prefix is not null) == prefixed
                    && string.Equals(SettingsCatalog.ToConfigurationKey(name[(prefix?.Length ?? 0)..]), key, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }

        return Find(environment, prefixed: false) ?? Find(image, prefixed: false) ?? AppSettings()[key]
            ?? Find(environment, prefixed: true) ?? Find(image, prefixed: true) ?? SettingsCatalog.Default(key);
    }

    /// <summary>The image as deploy/Dockerfile builds it.</summary>
    public static class Image
    {
        public static List<Instruction> Instructions { get; } = Dockerfile(Read("deploy/Dockerfile"));

        public static Dictionary<string, string> Environment { get; } = DockerfileEnvironment(Instructions);
    }

    /// <summary>The project files the silo's project references, directly or not, itself included (repository-relative, '/').</summary>
    public static List<string> SiloProjectClosure()
    {
        var seen = new List<string>();
        var pending = new Stack<string>([PathOf("src/PartyActors.Silo/PartyActors.Silo.csproj")]);
        while (pending.Count > 0)
        {
            var project = Path.GetFullPath(pending.Pop());
            if (seen.Contains(project))
            {
                continue;
            }

            seen.Add(project);
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.Combine(Path.GetDirectoryName(project)!, include));
            }
        }

        return seen.Select(p => Path.GetRelativePath(Root, p).Replace(Path.DirectorySeparatorChar, '/')).ToList();
    }

    /// <summary>What the silo would not read among these environment variables (the catalogue's reasons), plus those appsettings.json overrides.</summary>
    public static List<string> Problems(IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var list = environment.ToList();
        var problems = list.Select(p => SettingsCatalog.EnvironmentVariableProblem(p.Key)).OfType<string>().ToList();
        var variables = new System.Collections.Hashtable(StringComparer.Ordinal);
        foreach (var (name, value) in list)
        {
            variables[name] = value ?? string.Empty;
        }

        problems.AddRange(SettingsCatalog.ShadowedEnvironmentVariables(AppSettings(), variables)
            .Select(s => $"{s.Variable} has no effect: appsettings.json sets {s.Key} ('{s.Effective}'), which wins; set {s.Key} instead."));
        return problems;
    }
}
