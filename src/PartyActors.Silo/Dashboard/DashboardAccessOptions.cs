namespace PartyActors.Silo.Dashboard;

/// <summary>The Orleans Dashboard for operators, from configuration section <c>Dashboard</c>.</summary>
internal sealed class DashboardAccessOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// Where the dashboard is served: <c>/orleans</c>, apart from the API and from the supervisors'
    /// dashboard at <c>/</c>. Its session cookie is scoped to this path.
    /// </summary>
    public const string Path = "/orleans";

    /// <summary>
    /// How long a dashboard session opened with an admin token lasts: 15 minutes, and never longer
    /// than that token. Short, because the browser keeps the session cookie as a credential; signing
    /// in again takes a token and one form.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
