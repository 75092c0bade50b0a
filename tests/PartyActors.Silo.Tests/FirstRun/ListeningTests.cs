using System.Globalization;
using Microsoft.Extensions.Configuration;
using PartyActors.Silo.Tests.Deploy;

namespace PartyActors.Silo.Tests.FirstRun;

/// <summary>
/// Issue 15: every standard ASP.NET Core way of choosing the address works, and the silo's own default
/// (http://localhost:5080) applies only when none is used.
/// </summary>
public sealed class ListeningTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string> Ways => ["ASPNETCORE_URLS", "URLS", "--urls", "ASPNETCORE_HTTP_PORTS", "Kestrel__Endpoints"];

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task Each_standard_way_of_choosing_the_address_is_honoured(string way)
    {
        var port = SiloProcessRun.FreePort();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var environment = new Dictionary<string, string>();
        var arguments = new List<string>();
        switch (way)
        {
            case "--urls":
                arguments.AddRange(["--urls", url]);
                break;
            case "ASPNETCORE_HTTP_PORTS":
                environment[way] = port.ToString(CultureInfo.InvariantCulture);
                break;
            case "Kestrel__Endpoints":
                environment["Kestrel__Endpoints__Http__Url"] = url;
                break;
            default:
                environment[way] = url;
                break;
        }

        await using var silo = SiloProcessRun.Start(environment, arguments);
        await silo.WaitUntilLiveAsync(new Uri(url), StartTimeout);
        Assert.DoesNotContain("has no effect", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_applies_only_when_no_standard_key_chooses()
    {
        Assert.False(ListeningDefaults.IsChosen(AppSettings("appsettings.json")));
        Assert.False(ListeningDefaults.IsChosen(AppSettings("appsettings.Development.json")));
        Assert.False(ListeningDefaults.IsChosen(Configuration(("urls", " "))));
        foreach (var (key, value) in new[]
        {
            ("urls", "http://127.0.0.1:1"), ("URLS", "http://127.0.0.1:1"), ("http_ports", "8080"), ("https_ports", "8443"),
            ("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:1"),
        })
        {
            Assert.True(ListeningDefaults.IsChosen(Configuration((key, value))), key);
        }

        Assert.Equal("http://localhost:5080", ListeningDefaults.DefaultUrl);
    }

    private static IConfigurationRoot AppSettings(string file) => DeployFiles.AppSettings(file);

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
