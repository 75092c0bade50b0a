using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors assess</c>: assessment (考核, docs/assessment.md): scorecards, the three steps,
/// finalization, an organization's result and its children's ranking.
/// </summary>
internal static class AssessmentCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("assess", "Assessment (考核): scorecards, the three steps (self, public, organization), finalization, results and rankings")
        {
            Scorecard(settings, connection),
            Get(settings, connection),
            Step(settings, connection),
            Finalize(settings, connection),
            Ranking(settings, connection),
        };

    private static Command Scorecard(CliSettings settings, Connection connection)
    {
        var getOrgId = OrgId();
        var getYear = Year();
        var getJson = CommandOutput.JsonOption();
        var get = new ApiCommand(
            "get",
            "Print the scorecard in force at an organization for a year (its own, else the closest ancestor's): sections, items, weights, tiers, stars",
            "GET /api/v1/orgs/{orgId}/scorecards/{year}")
        {
            getOrgId,
            getYear,
            getJson,
        };
        get.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var card = await client.GetScorecardAsync(parseResult.GetValue(getOrgId)!, parseResult.GetValue(getYear), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, card, parseResult.GetValue(getJson)).ConfigureAwait(false);
        });

        var setOrgId = OrgId();
        var setYear = Year();
        var file = new Option<FileInfo>("--file")
        {
            Description = "The scorecard as JSON: { name, scale: 100|1000, sections: [ { id, name, weight, items: [ { id, name, maxPoints } ] } ], bonusMax, stepWeights: { self, public, organization }, tiers: { advanced, lagging }, stars: [ … ], rules: [ { kind: \"consecutive-excellent\", years, title } ] }",
            Required = true,
        };
        var setJson = CommandOutput.JsonOption();
        var set = new ApiCommand(
            "set",
            "Set an organization's own scorecard for a year, used to assess every organization below it unless one closer sets its own",
            "PUT /api/v1/orgs/{orgId}/scorecards/{year}")
        {
            setOrgId,
            setYear,
            file,
            setJson,
        };
        set.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var scorecard = await CommandOutput.ReadJsonFileAsync<Scorecard>(parseResult.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            var card = await client.PutScorecardAsync(parseResult.GetValue(setOrgId)!, parseResult.GetValue(setYear), scorecard, cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, card, parseResult.GetValue(setJson)).ConfigureAwait(false);
        });

        var deleteOrgId = OrgId();
        var deleteYear = Year();
        var delete = new ApiCommand("delete", "Remove an organization's own scorecard for a year; years already scored keep their snapshot", "DELETE /api/v1/orgs/{orgId}/scorecards/{year}")
        {
            deleteOrgId,
            deleteYear,
        };
        delete.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var org = parseResult.GetValue(deleteOrgId)!;
            var year = parseResult.GetValue(deleteYear);
            await client.DeleteScorecardAsync(org, year, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{org}: own scorecard for {year} removed").ConfigureAwait(false);
        });

        return new Command("scorecard", "Scorecards (考核评分表): what an organization assesses its subtree with, per year") { get, set, delete };
    }

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var year = Year();
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "get",
            "Print an organization's assessment for a year: score, tier, stars, each step recorded, the steps missing, honours",
            "GET /api/v1/orgs/{orgId}/assessments/{year}")
        {
            orgId,
            year,
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var assessment = await client.GetAssessmentAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(year), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, assessment, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Step(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var year = Year();
        var step = new Argument<string>("step") { Description = "self (the organization's own admins), public (a worker, for the public) or organization (admins of an organization above)" };
        step.AcceptOnlyFromAmong(AssessmentSteps.Self, AssessmentSteps.Public, AssessmentSteps.Organization);
        var items = new Option<string[]>("--item") { Description = "An item's points as itemId=points, e.g. --item a=9.5; repeat for every item of the scorecard" };
        var bonus = new Option<decimal?>("--bonus") { Description = "Bonus points (the organization step only)" };
        var note = new Option<string?>("--note") { Description = "A note, at most 500 characters" };
        var file = new Option<FileInfo?>("--file") { Description = """The scores as JSON instead: { "items": { "a": 9, "b": 17.5 }, "bonus": 2.5, "note": "…" }""" };
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "step",
            "Record one step's scores (again replaces the step); prints the assessment as it now stands",
            "POST /api/v1/orgs/{orgId}/assessments/{year}/steps/{step}")
        {
            orgId,
            year,
            step,
            items,
            bonus,
            note,
            file,
            json,
        };
        command.Validators.Add(result =>
        {
            var fromOptions = result.GetValue(items) is { Length: > 0 } || result.GetValue(bonus) is not null || result.GetValue(note) is not null;
            if ((result.GetValue(file) is null) != fromOptions)
            {
                result.AddError("Give the scores either in --file or as --item (with --bonus and --note), not both.");
            }
        });
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var scores = parseResult.GetValue(file) is { } path
                ? await CommandOutput.ReadJsonFileAsync<AssessmentStepScores>(path, cancellationToken).ConfigureAwait(false)
                : new AssessmentStepScores(ParseItems(parseResult.GetValue(items) ?? []), parseResult.GetValue(bonus), parseResult.GetValue(note));
            var assessment = await client.RecordAssessmentStepAsync(
                parseResult.GetValue(orgId)!, parseResult.GetValue(year), parseResult.GetValue(step)!, scores, cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, assessment, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Finalize(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var year = Year();
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "finalize",
            "Fix an organization's scores for a year (admins of an organization above); refused while a step with weight is missing",
            "POST /api/v1/orgs/{orgId}/assessments/{year}/finalize")
        {
            orgId,
            year,
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var assessment = await client.FinalizeAssessmentAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(year), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, assessment, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Ranking(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var year = Year();
        var tier = new Option<string?>("--tier") { Description = "Only one tier: advanced, average or lagging" };
        tier.AcceptOnlyFromAmong(AssessmentTiers.Advanced, AssessmentTiers.Average, AssessmentTiers.Lagging);
        var command = new ApiCommand(
            "ranking",
            "Print an organization's children ranked by their score for a year, one a line: rank ('-' without a complete score), id, score, tier, stars, finalized, name (tab-separated)",
            "GET /api/v1/orgs/{orgId}/assessments/{year}/ranking")
        {
            orgId,
            year,
            tier,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var ranking = await client.GetAssessmentRankingAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(year), parseResult.GetValue(tier), cancellationToken).ConfigureAwait(false);
            foreach (var item in ranking.Items)
            {
                await settings.Out.WriteLineAsync(string.Join('\t',
                    item.Rank?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    item.OrgId,
                    Number(item.Score) ?? "-",
                    item.Tier ?? "-",
                    item.Stars?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    item.Finalized ? "finalized" : "-",
                    item.Name)).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary><c>itemId=points</c> pairs; a malformed one is the user's to fix.</summary>
    internal static Dictionary<string, decimal> ParseItems(IEnumerable<string> items)
    {
        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !decimal.TryParse(item.AsSpan(equals + 1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var points))
            {
                throw new CliException($"--item '{item}' is not itemId=points (e.g. a=9.5).");
            }

            if (!scores.TryAdd(item[..equals], points))
            {
                throw new CliException($"--item '{item[..equals]}' is given twice.");
            }
        }

        return scores;
    }

    private static Argument<string> OrgId() => new("orgId") { Description = "The organization" };

    private static Argument<int> Year() => new("year") { Description = "The year, e.g. 2026" };

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static async Task WriteAsync(TextWriter output, ScorecardInForce card, bool json)
    {
        if (json)
        {
            await CommandOutput.WriteJsonAsync(output, card).ConfigureAwait(false);
            return;
        }

        var s = card.Scorecard;
        await CommandOutput.WriteRowsAsync(output,
        [
            ("orgId", card.OrgId),
            ("year", card.Year.ToString(CultureInfo.InvariantCulture)),
            ("definedAt", card.DefinedAt),
            ("name", s.Name),
            ("scale", s.Scale.ToString(CultureInfo.InvariantCulture)),
            ("bonusMax", Number(s.BonusMax)),
            ("stepWeights", $"self {Number(s.StepWeights.Self)}, public {Number(s.StepWeights.Public)}, organization {Number(s.StepWeights.Organization)}"),
            ("tiers", $"advanced from {Number(s.Tiers.Advanced)}, lagging below {Number(s.Tiers.Lagging)}"),
            ("stars", s.Stars.Count == 0 ? "none" : string.Join(", ", s.Stars.Select(star => Number(star)))),
            ("rules", s.Rules.Count == 0 ? "none" : string.Join("; ", s.Rules.Select(r => $"{r.Kind} {r.Years} years: {r.Title}"))),
        ]).ConfigureAwait(false);
        foreach (var section in s.Sections)
        {
            await output.WriteLineAsync($"section  {section.Id}  weight {Number(section.Weight)}  {section.Name}").ConfigureAwait(false);
            foreach (var item in section.Items)
            {
                await output.WriteLineAsync($"  item   {item.Id}  max {Number(item.MaxPoints)}  {item.Name}").ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(TextWriter output, Assessment assessment, bool json)
    {
        if (json)
        {
            await CommandOutput.WriteJsonAsync(output, assessment).ConfigureAwait(false);
            return;
        }

        await CommandOutput.WriteRowsAsync(output,
        [
            ("orgId", assessment.OrgId),
            ("year", assessment.Year.ToString(CultureInfo.InvariantCulture)),
            ("score", assessment.Score is { } score ? $"{Number(score)} of {assessment.Scale?.ToString(CultureInfo.InvariantCulture) ?? "?"}" : null),
            ("bonus", Number(assessment.Bonus)),
            ("tier", assessment.Tier),
            ("stars", assessment.Stars?.ToString(CultureInfo.InvariantCulture)),
            ("previousTier", assessment.PreviousTier),
            ("movedUp", assessment.MovedUp ? "yes" : "no"),
            ("complete", assessment.Complete ? "yes" : "no"),
            ("missing", assessment.Missing.Count == 0 ? "none" : string.Join(", ", assessment.Missing)),
            ("finalized", assessment.FinalizedAt is { } at ? $"{ReportCommand.Instant(at)} by {assessment.FinalizedBy}" : "no"),
            ("honours", assessment.Honours.Count == 0 ? "none" : string.Join("; ", assessment.Honours.Select(h => h.Title))),
            ("scorecard", assessment.Scorecard is { } card ? $"{card.Scorecard.Name} (set at {card.DefinedAt})" : null),
        ]).ConfigureAwait(false);
        foreach (var step in assessment.Steps)
        {
            await output.WriteLineAsync(
                $"step  {step.Step,-13}score {Number(step.Score)}  weight {Number(step.Weight)}  bonus {Number(step.Bonus)}  by {step.RecordedBy} {ReportCommand.Instant(step.RecordedAt)}").ConfigureAwait(false);
        }
    }
}
