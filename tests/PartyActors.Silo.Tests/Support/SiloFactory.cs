using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Silo.Tests;

/// <summary>
/// The real silo (Program) on Kestrel at a loopback port, with the in-memory store, dev tokens, a
/// fixed signing key and a 5 ms roll-up cadence. Settings go in with <c>UseSetting</c>, which
/// Program sees before it builds the host.
/// </summary>
public sealed class SiloFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "partyactors-tests-signing-key-0123456789";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Storage:Provider"] = "Memory",
        ["Demo:Seed"] = "false",
        ["Auth:DevTokens"] = "true",
        ["Auth:SigningKey"] = SigningKey,
        ["Rollups:Cadence"] = "00:00:00.005",
        ["Limits:RateLimit:PermitLimit"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;

    public SiloFactory(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Testing", Action<IServiceCollection>? services = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _environment = environment;
        _services = services;
        UseKestrel();
    }

    /// <summary>Starts the server and returns a client of the API at its address.</summary>
    public ApiClient Start()
    {
        StartServer();
        return new ApiClient(CreateClient());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
