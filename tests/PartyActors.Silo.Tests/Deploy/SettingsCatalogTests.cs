using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using static PartyActors.Silo.Tests.Deploy.DeployFiles;

namespace PartyActors.Silo.Tests.Deploy;

/// <summary>The settings catalogue: it knows what the silo reads, finds what it does not, and the docs list it all.</summary>
public sealed class SettingsCatalogTests
{
    private static IConfigurationRoot Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Theory]
    [InlineData("appsettings.json")]
    [InlineData("appsettings.Development.json")]
    public void The_app_settings_hold_no_key_the_catalogue_does_not_know(string file)
    {
        Assert.Empty(SettingsCatalog.UnknownKeys(AppSettings(file), includeTopLevel: true));
    }

    [Theory]
    [InlineData("Storage:Provider")]
    [InlineData("storage:provider")]
    [InlineData("Limits:RateLimit:PermitLimit")]
    [InlineData("Operations:AdditionalMeters:0")]
    [InlineData("Streams:RenewInterval")]
    [InlineData("Roster:Retention")]
    [InlineData("Rollups:Cadence")]
    [InlineData("Dashboard:SessionLifetime")]
    [InlineData("Demo:Seed")]
    [InlineData("Cluster:AdvertisedAddress")]
    [InlineData("Cluster:Role")]
    [InlineData("Cluster:Kubernetes")]
    [InlineData("Cluster:FailureDetection:ProbeTimeout")]
    [InlineData("Cluster:FailureDetection:MissedProbesLimit")]
    [InlineData("Cluster:FailureDetection:VotesForDeathDeclaration")]
    [InlineData("Cluster:FailureDetection:TableRefreshTimeout")]
    [InlineData("Cluster:FailureDetection:IAmAliveTablePublishTimeout")]
    [InlineData("Logging:LogLevel:Orleans.Runtime")]
    [InlineData("Kestrel:Limits:MaxConcurrentConnections")]
    [InlineData("Urls")]
    [InlineData("AllowedHosts")]
    [InlineData("shutdownTimeoutSeconds")]
    public void Settings_the_silo_reads_are_known(string key) => Assert.True(SettingsCatalog.IsKnownKey(key), key);

    [Theory]
    [InlineData("Storage:Provder")]
    [InlineData("Storage:IsPostgres")]
    [InlineData("Storage:Provider:Name")]
    [InlineData("Limits:RateLimit:PermitLimt")]
    [InlineData("Limits:RateLimits:PermitLimit")]
    [InlineData("Cluster:FailureDetection:ProbeTimout")]
    [InlineData("Auth:Signingkey:Value")]
    [InlineData("Rollup:Cadence")]
    [InlineData("Url")]
    public void Misspellings_are_not(string key) => Assert.False(SettingsCatalog.IsKnownKey(key), key);

    [Fact]
    public void Unknown_keys_are_reported_with_their_full_path_and_only_under_known_sections_by_default()
    {
        var configuration = Configuration(
            ("Storage:Provider", "Postgres"),
            ("Storage:Provder", "Postgres"),
            ("Limits:RateLimt:PermitLimit", "10"),
            ("Limits:RateLimt:Window", "00:00:10"),
            ("Cluster:Role", "Frontend"),
            ("PATH", "/usr/bin"),
            ("HOSTNAME", "silo1"));
        Assert.Equal(["Storage:Provder", "Limits:RateLimt:PermitLimit", "Limits:RateLimt:Window"], SettingsCatalog.UnknownKeys(configuration));
        Assert.Contains("PATH", SettingsCatalog.UnknownKeys(configuration, includeTopLevel: true));
    }

    [Fact]
    public void The_walk_agrees_with_the_binder_refusing_unknown_configuration()
    {
        var settings = AppSettings();
        foreach (var section in SettingsCatalog.Sections)
        {
            var known = settings.GetSection(section.Name);
            known.Bind(Activator.CreateInstance(section.Type), o => o.ErrorOnUnknownConfiguration = true);

            var misspelt = Configuration((section.Name + ":NoSuchSetting", "1"));
            Assert.Throws<InvalidOperationException>(() => misspelt.GetSection(section.Name).Bind(Activator.CreateInstance(section.Type), o => o.ErrorOnUnknownConfiguration = true));
            Assert.Equal([section.Name + ":NoSuchSetting"], SettingsCatalog.UnknownKeys(misspelt));
        }
    }

    [Theory]
    [InlineData("Storage__Provider", true)]
    [InlineData("Limits__RateLimit__Window", true)]
    [InlineData("Cluster__Role", true)]
    [InlineData("Urls", true)]
    [InlineData("URLS", true)]
    [InlineData("ASPNETCORE_ENVIRONMENT", true)]
    [InlineData("DOTNET_SHUTDOWNTIMEOUTSECONDS", true)]
    [InlineData("ASPNETCORE_HTTP_PORTS", true)]
    [InlineData("POD_NAME", true)]
    [InlineData("ORLEANS_CLUSTER_ID", true)]
    [InlineData("Storage__Provder", false)]
    [InlineData("Storage_Provider", false)]
    [InlineData("pod_name", false)]
    [InlineData("POD_NAMESPCE", false)]
    [InlineData("ASPNETCORE_URL", false)]
    [InlineData("DOTNET_SHUTDOWN_TIMEOUT", false)]
    public void Environment_variables_are_checked_as_the_silo_reads_them(string name, bool read) =>
        Assert.Equal(read, SettingsCatalog.EnvironmentVariableProblem(name) is null);

    [Fact]
    public void A_prefixed_host_variable_under_a_later_source_is_reported_as_shadowed()
    {
        var environment = new Hashtable { ["ASPNETCORE_URLS"] = "http://+:8080", ["ASPNETCORE_ENVIRONMENT"] = "Production", ["URLS_UNRELATED"] = "x" };
        Assert.Empty(SettingsCatalog.ShadowedEnvironmentVariables(AppSettings(), environment));

        var withUrls = new ConfigurationBuilder().AddJsonFile(PathOf("src/PartyActors.Silo/appsettings.json"))
            .AddInMemoryCollection([new("Urls", "http://localhost:5090")]).Build();
        var only = Assert.Single(SettingsCatalog.ShadowedEnvironmentVariables(withUrls, environment));
        Assert.Equal(("ASPNETCORE_URLS", "URLS", "http://localhost:5090"), only);
    }

    [Fact]
    public void The_start_up_check_warns_of_each_unknown_key_and_shadowed_variable()
    {
        var logger = new ListLogger<SettingsCheck>();
        var configuration = Configuration(("Storage:Provder", "Postgres"), ("Urls", "http://localhost:5080"), ("Demo:Seed", "false"));
        var warnings = new SettingsCheck(configuration, logger).Check(new Hashtable { ["ASPNETCORE_URLS"] = "http://+:8080" });
        Assert.Equal(2, warnings);
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Contains(logger.Entries, e => e.Message.Contains("Storage:Provder", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Message.Contains("ASPNETCORE_URLS", StringComparison.Ordinal));

        var clean = new ListLogger<SettingsCheck>();
        Assert.Equal(0, new SettingsCheck(AppSettings(), clean).Check(new Hashtable()));
        Assert.Empty(clean.Entries);
    }

    [Fact]
    public void Defaults_come_from_the_bound_types()
    {
        Assert.Equal("11111", SettingsCatalog.Default("Cluster:SiloPort"));
        Assert.Equal("30000", SettingsCatalog.Default("Cluster:GatewayPort"));
        Assert.Equal("Sqlite", SettingsCatalog.Default("Storage:Provider"));
        Assert.Equal("00:00:00.1000000", SettingsCatalog.Default("Rollups:Cadence"));
        Assert.Equal("600", SettingsCatalog.Default("Limits:RateLimit:PermitLimit"));
        Assert.Null(SettingsCatalog.Default("Cluster:AdvertisedAddress"));
        Assert.Null(SettingsCatalog.Default("Nothing:Here"));
    }

    [Fact]
    public void The_operations_guide_documents_every_setting()
    {
        var guide = Read("docs/operations.md");
        var keys = SettingsCatalog.Keys();
        Assert.Contains("Limits:RateLimit:Window", keys);
        Assert.Contains("Operations:AdditionalMeters", keys);
        Assert.DoesNotContain("Storage:IsPostgres", keys);
        var missing = keys.Where(key => !guide.Contains($"`{key}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/operations.md does not list: " + string.Join(", ", missing));
        foreach (var host in SettingsCatalog.EnvironmentVariables)
        {
            Assert.Contains($"`{host}`", guide, StringComparison.Ordinal);
        }
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
