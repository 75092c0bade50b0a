namespace PartyActors.Silo;

/// <summary>
/// Where Kestrel listens when nothing says: <see cref="DefaultUrl"/>. Every standard ASP.NET Core way
/// of choosing wins over it — <c>ASPNETCORE_URLS</c>, <c>URLS</c> (or <c>Urls</c>), <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> and Kestrel endpoints in configuration — because
/// the default is applied only when none of them is set (appsettings.json sets none of them).
/// </summary>
internal static class ListeningDefaults
{
    /// <summary>The address of <c>dotnet run</c> on a developer's machine, the one the README and the CLI assume.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Whether the host's configuration chooses where to listen by any of the standard keys.</summary>
    public static bool IsChosen(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }

    /// <summary>Listens on <see cref="DefaultUrl"/> unless configuration chose otherwise; true when the default applies.</summary>
    public static bool Apply(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (IsChosen(builder.Configuration))
        {
            return false;
        }

        builder.WebHost.UseUrls(DefaultUrl);
        return true;
    }
}
