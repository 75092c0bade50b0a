using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PartyActors.Silo.Tests;

/// <summary>Configuration checked at start-up, in the Production environment.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("partyactors-silo-tests-").FullName;

    private Dictionary<string, string?> Production(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqliteDataSource"] = Path.Combine(_directory, "silo.db"),
            ["Demo:Seed"] = "false",
            ["Auth:DevTokens"] = "false",
            ["Auth:SigningKey"] = "base64:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(SiloFactory.SigningKey)),
            ["Auth:Issuer"] = "https://sso.example.gov.cn",
            ["Auth:Audience"] = "partyactors",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    [Fact]
    public async Task Dev_tokens_are_refused_in_production_with_a_clear_message()
    {
        await using var factory = new SiloFactory(Production(("Auth:DevTokens", "true")), environment: "Production");
        var failure = Record.Exception(() => factory.Start());
        Assert.NotNull(failure);
        Assert.Contains("Auth:DevTokens=true is refused in the Production environment", Messages(failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Auth:SigningKey is required")]
    [InlineData("too-short", "HS256 needs at least 32")]
    [InlineData("base64:%%%", "not valid base64")]
    public async Task A_missing_or_weak_signing_key_stops_the_start(string? key, string message)
    {
        await using var factory = new SiloFactory(Production(("Auth:SigningKey", key)), environment: "Production");
        var failure = Record.Exception(() => factory.Start());
        Assert.NotNull(failure);
        Assert.Contains(message, Messages(failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cluster:Role", "Frontend")]
    [InlineData("Cluster:Membership", "AdoNet")]
    public async Task A_process_of_a_cluster_needs_the_shared_signing_key(string key, string value)
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?>
        {
            [key] = value,
            ["Storage:Provider"] = "Postgres",
            ["Storage:PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Database=none",
            ["Auth:SigningKey"] = null,
        });
        var failure = Record.Exception(() => factory.Start());
        Assert.NotNull(failure);
        Assert.Contains("every silo and frontend must check tokens with the same key", Messages(failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cluster:Kubernetes", "true", "Cluster:Kubernetes needs Cluster:Membership 'AdoNet'")]
    [InlineData("Cluster:Membership", "Consul", "Cluster:Membership is 'Consul'")]
    [InlineData("Cluster:FailureDetection:MissedProbesLimit", "0", "Cluster:FailureDetection:MissedProbesLimit is 0")]
    [InlineData("Cluster:FailureDetection:ProbeTimeout", "00:00:00", "Cluster:FailureDetection:ProbeTimeout is 00:00:00")]
    public async Task Nonsense_cluster_settings_stop_the_start_naming_the_setting(string key, string value, string message)
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?> { [key] = value });
        var failure = Record.Exception(() => factory.Start());
        Assert.NotNull(failure);
        Assert.Contains(message, Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_memory_store_is_refused_in_production()
    {
        await using var factory = new SiloFactory(Production(("Storage:Provider", "Memory")), environment: "Production");
        var failure = Record.Exception(() => factory.Start());
        Assert.NotNull(failure);
        Assert.Contains("'Memory' is refused in the Production environment", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewal_slower_than_the_observer_expiry_stops_the_start()
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?>
        {
            ["Rollups:ObserverExpiration"] = "00:01:00",
            ["Streams:RenewInterval"] = "00:02:00",
        });
        var failure = Record.Exception(() => factory.Start());
        Assert.NotNull(failure);
        Assert.Contains("Streams:RenewInterval must be positive and shorter than Rollups:ObserverExpiration", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_has_no_dev_token_route_and_accepts_the_issuers_tokens()
    {
        await using var factory = new SiloFactory(Production(), environment: "Production");
        using var api = factory.Start();
        using var devToken = await api.PostAsync("/api/v1/auth/dev-token", null, new { sub = "x", roles = new[] { "admin" } });
        await Problem.AssertAsync(devToken, HttpStatusCode.NotFound);

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "ops-1"), new Claim("role", "admin")]),
            Issuer = "https://sso.example.gov.cn",
            Audience = "partyactors",
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SiloFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        using var created = await api.PutAsync("/api/v1/orgs/p-root", token, new { name = "区委", kind = "district", parentId = (string?)null });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ready", (await api.GetJsonAsync("/health/ready", null))["status"]!.GetValue<string>());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a closing connection; the temp directory is cleaned up by the OS eventually.
        }
    }

    private static string Messages(Exception exception)
    {
        var text = new StringBuilder();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            text.AppendLine(e.Message);
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    text.AppendLine(Messages(inner));
                }
            }
        }

        return text.ToString();
    }
}
