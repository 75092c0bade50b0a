using System.CommandLine;
using static PartyActors.Client.Cli.CommandOutput;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors projects publish|list|get|claim|complete|rate|close</c>: projects, small wishes (微心愿) and claims.</summary>
internal static class ProjectsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("projects", "Projects and small wishes (微心愿): publish, list, claim places, complete and rate claims, close")
        {
            Publish(settings, connection),
            List(settings, connection),
            Get(settings, connection),
            Claim(settings, connection),
            Complete(settings, connection),
            Rate(settings, connection),
            Close(settings, connection),
        };

    private static Argument<string> ProjectId() => new("projectId") { Description = "The project" };

    private static Argument<string> ClaimId() => new("claimId") { Description = "The claim" };

    private static ApiCommand Publish(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization publishing it (a community or a grid for a member's \"near me\")" };
        var title = new Option<string>("--title") { Description = "What is to be done", Required = true };
        var kind = new Option<string>("--kind") { Description = "project or wish", DefaultValueFactory = _ => ProjectKinds.Project };
        kind.AcceptOnlyFromAmong(ProjectKinds.Project, ProjectKinds.Wish);
        var quota = new Option<int>("--quota") { Description = "How many members may claim a place", Required = true };
        var pointsPerHour = new Option<int?>("--points-per-hour") { Description = "Points per hour served on this project [default: the applicable rule's]" };
        var closesAt = new Option<DateTimeOffset?>("--closes-at") { Description = "When it stops taking claims by itself (ISO 8601)" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Makes a repeated publish return the first project instead of publishing another" };
        var command = new ApiCommand("publish", "Publish a project or a small wish at an organization and print its id", "POST /api/v1/orgs/{orgId}/projects")
        {
            orgId, title, kind, quota, pointsPerHour, closesAt, idempotencyKey,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var body = new PublishProjectRequest(parseResult.GetValue(title)!, parseResult.GetValue(kind)!, parseResult.GetValue(quota), parseResult.GetValue(pointsPerHour), parseResult.GetValue(closesAt));
            var created = await client.PublishProjectAsync(parseResult.GetValue(orgId)!, body, parseResult.GetValue(idempotencyKey), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync(created.Id).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand List(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization: its projects and its children's" };
        var status = new Option<string?>("--status") { Description = "open or closed [default: both]" };
        status.AcceptOnlyFromAmong(ProjectStatuses.Open, ProjectStatuses.Closed);
        var json = JsonOption();
        var command = new ApiCommand("list", "Print the projects published at an organization and its children, newest first: id, kind, status, claims/quota, organization, title", "GET /api/v1/orgs/{orgId}/projects") { orgId, status, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var projects = await client.ListProjectsAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(status), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, projects).ConfigureAwait(false);
                return;
            }

            foreach (var project in projects.Items)
            {
                await settings.Out.WriteLineAsync($"{project.Id}\t{project.Kind}\t{project.Status}\t{Number(project.Claims.Count)}/{Number(project.Quota)}\t{project.OrgId}\t{project.Title}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var projectId = ProjectId();
        var json = JsonOption();
        var command = new ApiCommand("get", "Print a project and its claims: claim, member, status, minutes, stars, points", "GET /api/v1/projects/{projectId}") { projectId, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var project = await client.GetProjectAsync(parseResult.GetValue(projectId)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, project).ConfigureAwait(false);
                return;
            }

            await WriteRowsAsync(settings.Out,
            [
                ("id", project.Id),
                ("orgId", project.OrgId),
                ("title", project.Title),
                ("kind", project.Kind),
                ("status", project.Status),
                ("quota", Number(project.Quota)),
                ("pointsPerHour", Number(project.PointsPerHour)),
                ("publishedAt", Time(project.PublishedAt)),
                ("closesAt", Time(project.ClosesAt)),
                ("closedAt", Time(project.ClosedAt)),
                ("claims", Number(project.Claims.Count)),
            ]).ConfigureAwait(false);
            foreach (var claim in project.Claims)
            {
                await settings.Out.WriteLineAsync($"{claim.Id}\t{claim.MemberId}\t{claim.Status}\t{Number(claim.Minutes) ?? "-"}\t{Number(claim.Stars) ?? "-"}\t{Number(claim.Points) ?? "-"}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand Claim(CliSettings settings, Connection connection)
    {
        var projectId = ProjectId();
        var memberIds = new Argument<string[]>("memberId") { Description = "The member; several claim for all of them at once, all or none", Arity = ArgumentArity.OneOrMore };
        var command = new ApiCommand("claim", "Claim a place on a project for a member (or several) and print the claim ids", "POST /api/v1/projects/{projectId}/claims") { projectId, memberIds };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var project = parseResult.GetValue(projectId)!;
            var members = parseResult.GetValue(memberIds)!;
            var ids = members.Length == 1
                ? [(await client.ClaimAsync(project, members[0], cancellationToken).ConfigureAwait(false)).Id]
                : (await client.ClaimForMembersAsync(project, members, cancellationToken).ConfigureAwait(false)).Ids;
            foreach (var (member, claim) in members.Zip(ids))
            {
                await settings.Out.WriteLineAsync($"{claim}\t{member}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand Complete(CliSettings settings, Connection connection)
    {
        var (projectId, claimId) = (ProjectId(), ClaimId());
        var minutes = new Option<int>("--minutes") { Description = "The minutes served, 1 to 1440", Required = true };
        var command = new ApiCommand("complete", "Complete a claim with the minutes served", "POST /api/v1/projects/{projectId}/claims/{claimId}/complete") { projectId, claimId, minutes };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var claim = await client.CompleteClaimAsync(parseResult.GetValue(projectId)!, parseResult.GetValue(claimId)!, parseResult.GetValue(minutes), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{claim.Id}: {claim.Status}, {Number(claim.Minutes) ?? "-"} minutes").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Rate(CliSettings settings, Connection connection)
    {
        var (projectId, claimId) = (ProjectId(), ClaimId());
        var stars = new Option<int>("--stars") { Description = "1 to 5", Required = true };
        var command = new ApiCommand("rate", "Rate a completed claim once; the member earns points by the applicable rule", "POST /api/v1/projects/{projectId}/claims/{claimId}/rating") { projectId, claimId, stars };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var claim = await client.RateClaimAsync(parseResult.GetValue(projectId)!, parseResult.GetValue(claimId)!, parseResult.GetValue(stars), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{claim.Id}: {claim.Status}, {Number(claim.Stars) ?? "-"} stars, {Number(claim.Points) ?? "0"} points to {claim.MemberId}").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Close(CliSettings settings, Connection connection)
    {
        var projectId = ProjectId();
        var command = new ApiCommand("close", "Close a project: no more claims", "POST /api/v1/projects/{projectId}/close") { projectId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var project = await client.CloseProjectAsync(parseResult.GetValue(projectId)!, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{project.Id}: {project.Status}").ConfigureAwait(false);
        });
        return command;
    }
}
