using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Silo.Tests;

/// <summary>
/// The real silo (Program: the Orleans silo and its HTTP frontend) on Kestrel at a loopback port,
/// with the in-memory store, dev tokens, a fixed signing key and a 5 ms roll-up cadence. Each
/// factory's silo gets silo and gateway ports of its own, so factories can run side by side.
/// Settings go in with <c>UseSetting</c>, which Program sees before it builds the host.
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
        var (siloPort, gatewayPort) = FreePorts();
        _settings["Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        _settings["Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _environment = environment;
        _services = services;
        UseKestrel();
    }

    /// <summary>The value this factory gives <paramref name="key"/> (for instance the gateway port a frontend connects to).</summary>
    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    /// <summary>Starts the server and returns a client of the API at its address.</summary>
    public ApiClient Start()
    {
        StartServer();
        return new ApiClient(CreateClient());
    }

    /// <summary>Two ports no one listens on now (both held at once, so they differ).</summary>
    private static (int Silo, int Gateway) FreePorts()
    {
        using var silo = new TcpListener(IPAddress.Any, 0);
        using var gateway = new TcpListener(IPAddress.Any, 0);
        silo.Start();
        gateway.Start();
        return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
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
