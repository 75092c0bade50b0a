using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors life</c>: organizational life (三会一课, docs/organizational-life.md): where an
/// organization stands, its template of required activities, compliance in a period, and the
/// organizations of a subtree that missed something. Meetings are <see cref="MeetingsCommand"/>.
/// </summary>
internal static class LifeCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("life", "Organizational life (三会一课): requirements and figures, templates, compliance, the organizations that missed activities")
        {
            Get(settings, connection),
            Template(settings, connection),
            Compliance(settings, connection),
            Noncompliant(settings, connection),
        };

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "get",
            "Print the activities required of an organization, its meetingsRequired and meetingsHeld in the cycles under way, and its reminders",
            "GET /api/v1/orgs/{orgId}/life")
        {
            orgId,
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var life = await client.GetLifeAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, life).ConfigureAwait(false);
                return;
            }

            await CommandOutput.WriteRowsAsync(settings.Out,
            [
                ("orgId", life.OrgId),
                ("kind", life.Kind),
                ("definedAt", life.DefinedAt ?? "(defaults)"),
                ("meetingsRequired", life.MeetingsRequired.ToString(CultureInfo.InvariantCulture)),
                ("meetingsHeld", life.MeetingsHeld.ToString(CultureInfo.InvariantCulture)),
                ("changedAt", life.ChangedAt is { } changed ? ReportCommand.Instant(changed) : null),
            ]).ConfigureAwait(false);
            await WriteRequirementsAsync(settings.Out, life.Requirements).ConfigureAwait(false);
            foreach (var notice in life.Notices)
            {
                await settings.Out.WriteLineAsync($"notice    {notice.Cycle,-9}{notice.Activity}, due by {ReportCommand.Instant(notice.DueBy)}: {notice.Message}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static Command Template(CliSettings settings, Connection connection)
    {
        var getOrgId = OrgId();
        var getJson = CommandOutput.JsonOption();
        var get = new ApiCommand(
            "get",
            "Print the template that applies at an organization: its kind's requirements, where they come from, and its own template",
            "GET /api/v1/orgs/{orgId}/life/template")
        {
            getOrgId,
            getJson,
        };
        get.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var view = await client.GetLifeTemplateAsync(parseResult.GetValue(getOrgId)!, cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, view, parseResult.GetValue(getJson)).ConfigureAwait(false);
        });

        var setOrgId = OrgId();
        var file = new Option<FileInfo>("--file")
        {
            Description = """The template as JSON: { "kinds": [ { "kind": "branch", "requirements": [ { "activity": "committee-meeting", "cadence": "monthly" } ] } ] }""",
            Required = true,
        };
        var setJson = CommandOutput.JsonOption();
        var set = new ApiCommand(
            "set",
            "Set an organization's own template, inherited by its subtree for the kinds it names; the subtree's figures are recounted before the answer",
            "PUT /api/v1/orgs/{orgId}/life/template")
        {
            setOrgId,
            file,
            setJson,
        };
        set.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var template = await CommandOutput.ReadJsonFileAsync<LifeTemplate>(parseResult.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            var view = await client.PutLifeTemplateAsync(parseResult.GetValue(setOrgId)!, template, cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, view, parseResult.GetValue(setJson)).ConfigureAwait(false);
        });

        var deleteOrgId = OrgId();
        var delete = new ApiCommand("delete", "Remove an organization's own template: it and its subtree inherit again", "DELETE /api/v1/orgs/{orgId}/life/template") { deleteOrgId };
        delete.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var org = parseResult.GetValue(deleteOrgId)!;
            await client.DeleteLifeTemplateAsync(org, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{org}: own template removed; it inherits again").ConfigureAwait(false);
        });

        return new Command("template", "Templates of required activities, per kind of organization, inherited down the tree") { get, set, delete };
    }

    private static ApiCommand Compliance(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var period = Period();
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "compliance",
            "Print held against required in a period: a line per cycle of each required activity (met, due, missed or upcoming)",
            "GET /api/v1/orgs/{orgId}/life/compliance")
        {
            orgId,
            period,
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var compliance = await client.GetLifeComplianceAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(period)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, compliance).ConfigureAwait(false);
                return;
            }

            await settings.Out.WriteLineAsync(
                $"{compliance.OrgId} {compliance.Period}: {(compliance.Compliant ? "compliant" : "not compliant")}, held {compliance.Held} of {compliance.Required} required, missed {compliance.Missed}").ConfigureAwait(false);
            foreach (var item in compliance.Items)
            {
                foreach (var cycle in item.Cycles)
                {
                    await settings.Out.WriteLineAsync($"{item.Activity,-24}{item.Cadence,-10}{cycle.Cycle,-9}{cycle.Status,-9}held {cycle.Held}").ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    private static ApiCommand Noncompliant(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization: its whole subtree, itself included" };
        var period = Period();
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "noncompliant",
            "Print the organizations of a subtree that missed a required activity in a period, most missed first: id, kind, missed, held, required (tab-separated)",
            "GET /api/v1/orgs/{orgId}/life/noncompliant")
        {
            orgId,
            period,
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var found = await client.GetNoncompliantOrganizationsAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(period)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, found).ConfigureAwait(false);
                return;
            }

            foreach (var org in found.Items)
            {
                await settings.Out.WriteLineAsync($"{org.OrgId}\t{org.Kind}\t{org.Missed}\t{org.Held}\t{org.Required}").ConfigureAwait(false);
            }

            // The count goes to stderr so that stdout stays the list.
            await settings.Error.WriteLineAsync($"{found.Items.Count} of {found.Organizations} organizations missed something in {found.Period}").ConfigureAwait(false);
        });
        return command;
    }

    private static Argument<string> OrgId() => new("orgId") { Description = "The organization" };

    private static Option<string> Period() =>
        new("--period") { Description = "A year (2026), a quarter (2026-Q4) or a month (2026-11), China Standard Time", Required = true };

    private static async Task WriteAsync(TextWriter output, LifeTemplateView view, bool json)
    {
        if (json)
        {
            await CommandOutput.WriteJsonAsync(output, view).ConfigureAwait(false);
            return;
        }

        var rows = new List<(string, string?)>
        {
            ("orgId", view.OrgId),
            ("kind", view.Kind),
            ("definedAt", view.DefinedAt ?? "(defaults)"),
            ("own", view.Own is null ? "none (inherits)" : "names " + string.Join(", ", view.Own.Kinds.Select(k => k.Kind))),
        };
        if (view.Refreshed is { } refreshed)
        {
            rows.Add(("refreshed", refreshed.ToString(CultureInfo.InvariantCulture)));
        }

        await CommandOutput.WriteRowsAsync(output, rows).ConfigureAwait(false);
        await WriteRequirementsAsync(output, view.Requirements).ConfigureAwait(false);
    }

    private static async Task WriteRequirementsAsync(TextWriter output, IReadOnlyList<LifeRequirement> requirements)
    {
        foreach (var requirement in requirements)
        {
            await output.WriteLineAsync($"required  {requirement.Activity,-24}{requirement.Cadence}").ConfigureAwait(false);
        }
    }
}
