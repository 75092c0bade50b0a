using System.Globalization;
using static PartyActors.Silo.Tests.Deploy.DeployFiles;

namespace PartyActors.Silo.Tests.Deploy;

/// <summary>docker-compose.yml: what it passes to the silo is what the silo reads, and its ports and order hold together.</summary>
public sealed class ComposeTests
{
    private const string File = "docker-compose.yml";

    /// <summary>A service of the compose file, merge keys applied.</summary>
    internal sealed record Service(string Name, Dictionary<string, object?> Definition)
    {
        /// <summary>Runs the PartyActors image (built from deploy/Dockerfile), as silo, frontend or migration.</summary>
        public bool IsApp => Text(Definition, "build", "dockerfile") == "deploy/Dockerfile";

        public Dictionary<string, string?> Environment => At(Definition, "environment") switch
        {
            Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => p.Value as string, StringComparer.Ordinal),
            List<object?> list => list.Cast<string>().Select(item => item.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : null, StringComparer.Ordinal),
            _ => new Dictionary<string, string?>(StringComparer.Ordinal),
        };

        /// <summary>The container side of each published port ("8080:8080", "127.0.0.1:8080:8080/tcp", or the long form).</summary>
        public List<int> PublishedContainerPorts => ListOrEmpty(At(Definition, "ports")).Select(port => port switch
        {
            string text => int.Parse(text.Split('/')[0].Split(':')[^1], CultureInfo.InvariantCulture),
            Dictionary<string, object?> map => int.Parse((string)map["target"]!, CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"Port {port} of {Name}."),
        }).ToList();

        public List<string> Command => ListOrEmpty(At(Definition, "command")).Cast<string>().ToList();

        public string? DependsOn(string service) => Text(Definition, "depends_on", service, "condition");
    }

    internal static List<Service> Services(string text)
    {
        var root = Map(Assert.Single(YamlDocuments(text)), File);
        return Map(root["services"], "services").Select(p => new Service(p.Key, Map(p.Value, p.Key))).ToList();
    }

    private static List<Service> AppServices(string text) => Services(text).Where(s => s.IsApp).ToList();

    private static List<string> ProblemsOf(string text) =>
        AppServices(text).SelectMany(s => Problems(s.Environment).Select(p => $"{s.Name}: {p}")).ToList();

    [Fact]
    public void Every_variable_passed_to_the_silo_is_a_setting_it_reads()
    {
        var apps = AppServices(Read(File));
        Assert.Equal(["frontend", "migrate", "silo1", "silo2"], apps.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(apps, s => Assert.NotEmpty(s.Environment));
        Assert.Empty(ProblemsOf(Read(File)));
    }

    [Theory]
    [InlineData("Storage__Provider:", "Storage__Provder:", "Storage__Provder")]
    [InlineData("Cluster__Role:", "Cluster__Rol:", "Cluster__Rol")]
    [InlineData("Auth__SigningKey:", "Auth__SigningKye:", "Auth__SigningKye")]
    [InlineData("Cluster__Membership:", "Custer__Membership:", "Custer__Membership")]
    public void A_misspelt_variable_is_caught(string spelling, string misspelling, string reported)
    {
        var text = Read(File);
        Assert.Contains(spelling, text, StringComparison.Ordinal);
        var problems = ProblemsOf(text.Replace(spelling, misspelling, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(reported, StringComparison.Ordinal));
    }

    [Fact]
    public void The_published_port_is_the_one_Urls_opens()
    {
        var frontend = AppServices(Read(File)).Single(s => s.Name == "frontend");
        var urls = Effective("Urls", frontend.Environment);
        Assert.NotNull(urls);
        Assert.Equal(UrlPorts(urls), frontend.PublishedContainerPorts);
        Assert.Equal("Frontend", frontend.Environment["Cluster__Role"]);
        Assert.All(AppServices(Read(File)).Where(s => s.Name != "frontend"), s => Assert.Empty(s.PublishedContainerPorts));
    }

    [Fact]
    public void Every_process_shares_the_store_the_membership_and_the_signing_key()
    {
        var apps = AppServices(Read(File));
        foreach (var key in new[] { "Storage__Provider", "Storage__PostgresConnectionString", "Cluster__Membership", "Cluster__ClusterId", "Cluster__ServiceId", "Auth__SigningKey" })
        {
            var values = apps.Select(s => s.Environment.GetValueOrDefault(key)).Distinct().ToList();
            Assert.True(values.Count == 1 && values[0] is { Length: > 0 }, $"{key} differs or is missing: {string.Join(" | ", values)}");
        }

        Assert.Equal("Postgres", apps[0].Environment["Storage__Provider"]);
        Assert.Equal("AdoNet", apps[0].Environment["Cluster__Membership"]);

        // Secrets come from .env by interpolation, never as literals.
        Assert.StartsWith("${PARTYACTORS_SIGNING_KEY:?", apps[0].Environment["Auth__SigningKey"], StringComparison.Ordinal);
        Assert.Contains("Password=${POSTGRES_PASSWORD:?", apps[0].Environment["Storage__PostgresConnectionString"], StringComparison.Ordinal);
        Assert.Contains(".env", Read(".gitignore").Split('\n').Select(l => l.Trim()));
        Assert.Contains("PARTYACTORS_SIGNING_KEY=base64:REPLACE_ME", Read(".env.example"), StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_run_once_before_the_silos_and_the_frontend_waits_for_a_silo()
    {
        var services = Services(Read(File)).ToDictionary(s => s.Name);
        Assert.Equal(["--migrate"], services["migrate"].Command);
        Assert.Equal("service_healthy", services["migrate"].DependsOn("postgres"));
        Assert.Equal("no", Text(services["migrate"].Definition, "restart"));
        foreach (var silo in new[] { "silo1", "silo2" })
        {
            Assert.Equal("service_completed_successfully", services[silo].DependsOn("migrate"));
            Assert.Equal("service_healthy", services[silo].DependsOn("postgres"));
        }

        Assert.Equal("service_healthy", services["frontend"].DependsOn("silo1"));
        Assert.Equal("postgres:17", Text(services["postgres"].Definition, "image"));
        Assert.NotNull(At(services["postgres"].Definition, "healthcheck", "test"));
        Assert.Contains(ListOrEmpty(At(services["postgres"].Definition, "volumes")).Cast<string>(), v => v.EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal));
    }

    [Fact]
    public void Docker_waits_longer_than_the_graceful_stop()
    {
        foreach (var service in AppServices(Read(File)))
        {
            var shutdown = int.Parse(Effective("shutdownTimeoutSeconds", service.Environment) ?? "30", CultureInfo.InvariantCulture);
            var grace = Text(service.Definition, "stop_grace_period");
            Assert.NotNull(grace);
            Assert.EndsWith("s", grace, StringComparison.Ordinal);
            Assert.True(int.Parse(grace[..^1], CultureInfo.InvariantCulture) > shutdown, $"{service.Name}: stop_grace_period {grace} is not above the {shutdown} s shutdown timeout.");
        }
    }
}
