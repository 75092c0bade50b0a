using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Dashboard;
using PartyActors.Silo.Http;
using PartyActors.Silo.Operations;
using PartyActors.Silo.Streams;
using PartyActors.Silo.WebUi;

namespace PartyActors.Silo;

/// <summary>
/// Every setting the silo reads: the configuration sections it binds and the type each binds to,
/// the top-level keys and sections the ASP.NET Core host reads, and the environment variables read
/// outside configuration (Orleans' Kubernetes hosting). A key under a known section that no property
/// binds is a setting the silo ignores, usually a misspelling (<c>Storage:Provder</c>):
/// <see cref="UnknownKeys"/> finds them, <see cref="SettingsCheck"/> warns of them at start-up, and
/// the deployment tests refuse them in docker-compose.yml and the Kubernetes manifests.
/// </summary>
/// <remarks>
/// Keys are checked the way <c>ConfigurationBinder</c> with <c>BinderOptions.ErrorOnUnknownConfiguration</c>
/// checks them, but stricter and with full paths: a property is a setting when the binder would set it
/// (a public getter, and a public setter or a type it binds into), names compare without regard to
/// case, and <c>[ConfigurationKeyName]</c> renames. Collections take any child key (their indexes),
/// dictionaries any key.
/// </remarks>
internal static class SettingsCatalog
{
    /// <summary>A configuration section the silo binds, and the type it binds to.</summary>
    public sealed record Section(string Name, Type Type);

    /// <summary>The sections, from the <c>GetSection</c>/<c>BindConfiguration</c> calls of the silo.</summary>
    public static readonly IReadOnlyList<Section> Sections =
    [
        new(StorageSettings.Section, typeof(StorageSettings)),
        new(ClusterSettings.Section, typeof(ClusterSettings)),
        new(PartyActorsHosting.RollupsSection, typeof(RollupOptions)),
        new(PartyActorsHosting.RosterSection, typeof(RosterOptions)),
        new(PointsOptions.Section, typeof(PointsOptions)),
        new(RequestOptions.Section, typeof(RequestOptions)),
        new(ErrandOptions.Section, typeof(ErrandOptions)),
        new(RewardOptions.Section, typeof(RewardOptions)),
        new(ReshapeOptions.Section, typeof(ReshapeOptions)),
        new(ReportOptions.Section, typeof(ReportOptions)),
        new(LifeOptions.Section, typeof(LifeOptions)),
        new(AuthOptions.Section, typeof(AuthOptions)),
        new(LimitsOptions.Section, typeof(LimitsOptions)),
        new(IdempotencyOptions.Section, typeof(IdempotencyOptions)),
        new(StreamOptions.Section, typeof(StreamOptions)),
        new(OperationsOptions.Section, typeof(OperationsOptions)),
        new(DemoOptions.Section, typeof(DemoOptions)),
        new(DashboardAccessOptions.Section, typeof(DashboardAccessOptions)),
        new(WebUiOptions.Section, typeof(WebUiOptions)),
    ];

    /// <summary>Sections ASP.NET Core reads key by key itself: any key under them is accepted, none is checked.</summary>
    public static readonly IReadOnlyList<string> HostSections = ["Logging", "Kestrel"];

    /// <summary>
    /// Top-level keys the host reads: where Kestrel listens (<c>Urls</c>; <c>http_ports</c>/<c>https_ports</c>
    /// only when <c>Urls</c> is empty; with none of them, nor Kestrel endpoints, <see cref="ListeningDefaults"/>), host filtering, the
    /// environment's name and content root, and how long a graceful stop may take
    /// (<c>shutdownTimeoutSeconds</c>, <c>DOTNET_SHUTDOWNTIMEOUTSECONDS</c>; 30 s when unset).
    /// </summary>
    public static readonly IReadOnlyList<string> HostKeys =
        ["Urls", "AllowedHosts", "Environment", "ContentRoot", "shutdownTimeoutSeconds", "http_ports", "https_ports"];

    /// <summary>
    /// Environment variables read outside configuration, with <c>Environment.GetEnvironmentVariable</c>
    /// (so with their exact spelling): Orleans' Kubernetes hosting (<c>Cluster:Kubernetes</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> EnvironmentVariables =
        ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];

    /// <summary>
    /// The prefixes of the host's own environment variables. They are read as the stripped key
    /// (<c>ASPNETCORE_URLS</c> is <c>URLS</c>) but before appsettings.json and the unprefixed
    /// variables, so a key set there too (<c>URLS</c> beside <c>ASPNETCORE_URLS</c>) wins over them.
    /// appsettings.json sets no address (<c>Urls</c>, ports, Kestrel endpoints), so on their own those take effect.
    /// </summary>
    public static readonly IReadOnlyList<string> HostPrefixes = ["ASPNETCORE_", "DOTNET_"];

    /// <summary>The configuration key of an environment variable: <c>Storage__Provider</c> is <c>Storage:Provider</c>.</summary>
    public static string ToConfigurationKey(string environmentVariable) =>
        environmentVariable.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    /// <summary>
    /// The keys (with a value) under the known sections that no setting binds. With
    /// <paramref name="includeTopLevel"/>, also the keys outside every known section, host section
    /// and host key; leave it off for the process's configuration, which holds the whole environment.
    /// </summary>
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration, bool includeTopLevel = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unknown = new List<string>();
        foreach (var section in Sections)
        {
            Walk(configuration.GetSection(section.Name), section.Type, unknown, depth: 0);
        }

        if (includeTopLevel)
        {
            foreach (var child in configuration.GetChildren())
            {
                if (!IsKnownTopLevel(child.Key))
                {
                    unknown.AddRange(Leaves(child));
                }
            }
        }

        return unknown;
    }

    /// <summary>Whether the silo reads <paramref name="key"/> (<c>Section:Name</c>, or a top-level host key).</summary>
    public static bool IsKnownKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, "x")]).Build();
        return UnknownKeys(configuration, includeTopLevel: true).Count == 0;
    }

    /// <summary>
    /// Why the silo would not read the environment variable <paramref name="name"/>, or null when it
    /// does: <c>Section__Key</c> must name a setting, an unprefixed top-level name a host key, and the
    /// Kubernetes variables are spelt exactly.
    /// </summary>
    public static string? EnvironmentVariableProblem(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (EnvironmentVariables.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        if (HostPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } prefix)
        {
            var stripped = name[prefix.Length..];
            return HostKeys.Contains(stripped, StringComparer.OrdinalIgnoreCase)
                ? null
                : $"{name} is host configuration key '{stripped}', which the silo does not read (host keys: {string.Join(", ", HostKeys)}).";
        }

        var key = ToConfigurationKey(name);
        if (IsKnownKey(key))
        {
            return null;
        }

        var top = key.Split(ConfigurationPath.KeyDelimiter)[0];
        return Sections.Any(s => string.Equals(s.Name, top, StringComparison.OrdinalIgnoreCase))
            ? $"{name} is '{key}', which no setting of section '{top}' binds (misspelt?)."
            : $"{name} is '{key}': the silo reads no section '{top}' and no such host key or environment variable.";
    }

    /// <summary>
    /// The host's prefixed environment variables (<c>ASPNETCORE_*</c>, <c>DOTNET_*</c>) that a later
    /// source overrides, so they have no effect: <c>ASPNETCORE_URLS</c> under a variable <c>URLS</c> of another value.
    /// </summary>
    public static IReadOnlyList<(string Variable, string Key, string? Effective)> ShadowedEnvironmentVariables(IConfiguration configuration, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var shadowed = new List<(string, string, string?)>();
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is not string name || entry.Value is not string value)
            {
                continue;
            }

            if (HostPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is not { } prefix)
            {
                continue;
            }

            var key = ToConfigurationKey(name[prefix.Length..]);
            if (HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase) && configuration[key] is { } effective && !string.Equals(effective, value, StringComparison.Ordinal))
            {
                shadowed.Add((name, key, effective));
            }
        }

        return shadowed;
    }

    /// <summary>
    /// Every setting of the known sections, as <c>Section:Name</c> (nested: <c>Limits:RateLimit:PermitLimit</c>;
    /// a list is its own key, its items are <c>:0</c>, <c>:1</c>, …).
    /// </summary>
    public static IReadOnlyList<string> Keys()
    {
        var keys = new List<string>();
        foreach (var section in Sections)
        {
            AddKeys(section.Name, section.Type, keys, depth: 0);
        }

        return keys.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The default of a setting, as configuration would spell it (null when unset, or not a bound setting).</summary>
    public static string? Default(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var parts = key.Split(ConfigurationPath.KeyDelimiter);
        var section = Sections.FirstOrDefault(s => string.Equals(s.Name, parts[0], StringComparison.OrdinalIgnoreCase));
        if (section is null)
        {
            return null;
        }

        object? value = Activator.CreateInstance(section.Type);
        var type = section.Type;
        foreach (var part in parts.Skip(1))
        {
            if (value is null || !Properties(type).TryGetValue(part, out var property))
            {
                return null;
            }

            value = property.GetValue(value);
            type = property.PropertyType;
        }

        return value switch
        {
            null => null,
            string text => text,
            bool flag => flag ? "true" : "false",
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            IEnumerable items => string.Join(", ", items.Cast<object>()),
            _ => value.ToString(),
        };
    }

    private static bool IsKnownTopLevel(string key) =>
        Sections.Any(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase))
        || HostSections.Contains(key, StringComparer.OrdinalIgnoreCase)
        || HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static void Walk(IConfigurationSection node, Type type, List<string> unknown, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsLeaf(type) || depth > MaxDepth)
        {
            // A value cannot have children: Storage:Provider:Name is read by no one.
            foreach (var child in node.GetChildren())
            {
                unknown.AddRange(Leaves(child));
            }

            return;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var child in node.GetChildren())
            {
                Walk(child, element, unknown, depth + 1);
            }

            return;
        }

        var properties = Properties(type);
        foreach (var child in node.GetChildren())
        {
            if (properties.TryGetValue(child.Key, out var property))
            {
                Walk(child, property.PropertyType, unknown, depth + 1);
            }
            else
            {
                unknown.AddRange(Leaves(child));
            }
        }
    }

    private static void AddKeys(string path, Type type, List<string> keys, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > 0 && (IsLeaf(type) || ElementType(type) is not null || depth > MaxDepth))
        {
            keys.Add(path);
            return;
        }

        foreach (var (name, property) in Properties(type))
        {
            AddKeys(ConfigurationPath.Combine(path, name), property.PropertyType, keys, depth + 1);
        }
    }

    /// <summary>The keys with a value at and under <paramref name="node"/> (or the node itself when none has one).</summary>
    private static IEnumerable<string> Leaves(IConfigurationSection node)
    {
        var leaves = node.AsEnumerable().Where(pair => pair.Value is not null).Select(pair => pair.Key).ToList();
        if (leaves.Count == 0)
        {
            leaves.Add(node.Path);
        }

        return leaves.Order(StringComparer.Ordinal);
    }

    private const int MaxDepth = 8;

    /// <summary>What the binder sets: public getter without parameters, and a public setter or a type it binds into.</summary>
    private static Dictionary<string, PropertyInfo> Properties(Type type)
    {
        var properties = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var settable = property.SetMethod is { IsPublic: true };
            if (!settable && (IsLeaf(valueType) || valueType.IsArray))
            {
                continue;
            }

            var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            properties.TryAdd(name, property);
        }

        return properties;
    }

    private static bool IsLeaf(Type type) =>
        type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(object)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    /// <summary>The item type of a collection the binder fills by child key (dictionary values included), or null.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var interfaces = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        var generic = interfaces.Where(i => i.IsGenericType).ToList();
        var dictionary = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}

/// <summary>
/// At start-up (before any hosted service starts, the Orleans silo among them), warns of every key
/// under a section the silo reads that no setting binds, and of the host's prefixed environment
/// variables that a later source overrides. Both are otherwise ignored without a word.
/// </summary>
internal sealed partial class SettingsCheck(IConfiguration configuration, ILogger<SettingsCheck> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Check(Environment.GetEnvironmentVariables());
        return Task.CompletedTask;
    }

    /// <summary>Logs the warnings and returns how many.</summary>
    internal int Check(IDictionary environment)
    {
        var warnings = 0;
        foreach (var key in SettingsCatalog.UnknownKeys(configuration))
        {
            UnknownKey(logger, key);
            warnings++;
        }

        foreach (var (variable, key, effective) in SettingsCatalog.ShadowedEnvironmentVariables(configuration, environment))
        {
            ShadowedVariable(logger, variable, key, effective);
            warnings++;
        }

        return warnings;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration key {Key} is not a setting of the silo and is ignored (misspelt? docs/operations.md lists every setting).")]
    private static partial void UnknownKey(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Environment variable {Variable} has no effect: {Key} is '{Effective}' from a source read after it (an appsettings file, the unprefixed variable {Key}, or the command line); set it in one place.")]
    private static partial void ShadowedVariable(ILogger logger, string variable, string key, string? effective);
}
