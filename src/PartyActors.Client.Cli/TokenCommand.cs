using System.CommandLine;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors token dev</c>: a development token from a silo that issues them.</summary>
internal static class TokenCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var sub = new Option<string>("--sub") { Description = "The caller's id (the sub claim)", Required = true };
        var roles = new Option<string[]>("--role")
        {
            Description = "A role: admin, supervisor, org-admin, grid-worker, member, resident or integration; repeat for several",
            Required = true,
        };
        var org = new Option<string?>("--org") { Description = "The root of the subtree the token reaches; leave out for admin" };
        var member = new Option<string?>("--member") { Description = "The caller's own member id, for role member" };
        var dev = new ApiCommand("dev", "Print a development token (only a silo running with Auth:DevTokens=true issues one); use it as --token or $PARTYACTORS_TOKEN", "POST /api/v1/auth/dev-token")
        {
            sub, roles, org, member,
        };
        dev.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var token = await client.CreateDevTokenAsync(
                new DevTokenRequest(parseResult.GetValue(sub)!, parseResult.GetValue(roles)!, parseResult.GetValue(org), parseResult.GetValue(member)), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync(token).ConfigureAwait(false);
        });
        return new Command("token", "Bearer tokens") { dev };
    }
}
