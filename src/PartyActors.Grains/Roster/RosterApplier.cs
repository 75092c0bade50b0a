using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>What became of a line: applied, rejected with an error, or deferred (nothing recorded; the batch pauses).</summary>
internal readonly record struct RosterLineOutcome(RosterLineOutcomeKind Kind, RosterLineError? Error)
{
    public static RosterLineOutcome Applied { get; } = new(RosterLineOutcomeKind.Applied, null);

    public static RosterLineOutcome Deferred { get; } = new(RosterLineOutcomeKind.Deferred, null);

    public static RosterLineOutcome Rejected(RosterLineError error) => new(RosterLineOutcomeKind.Rejected, error);
}

internal enum RosterLineOutcomeKind
{
    Applied,
    Rejected,
    Deferred,
}

/// <summary>
/// Applies one line: checks the caller's scope, calls the one grain the operation addresses, and
/// turns a refusal into the line's error (<see cref="DomainException.Code"/> as its code). A store
/// that is down or a call that timed out is retried a few times; if it persists, the line is
/// deferred rather than rejected, because whether it was applied is unknown and the store's outage
/// is not the line's fault: the batch pauses and its reminder resumes it.
/// </summary>
/// <param name="submittedBy">The pushing caller's subject: who a commitment's progress and completion, and a member's status moves, are recorded as by.</param>
/// <param name="submittedByAdmin">Whether the pushing caller is an admin: only then are a member line's status corrections honoured.</param>
internal sealed class RosterApplier(
    IGrainFactory grains,
    RosterScope scope,
    RosterOptions options,
    TimeProvider time,
    ILogger logger,
    string batchId,
    string submittedBy,
    bool submittedByAdmin)
{
    public async Task<RosterLineOutcome> ApplyAsync(RosterLine line, CancellationToken stopping)
    {
        if (line.Error is { } unreadable)
        {
            return RosterLineOutcome.Rejected(unreadable);
        }

        var operation = line.Operation ?? throw new InvalidOperationException($"Line {line.Number} holds neither an operation nor an error.");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var refusal = await ApplyOnceAsync(line.Number, operation);
                return refusal is null ? RosterLineOutcome.Applied : RosterLineOutcome.Rejected(refusal);
            }
            catch (DomainException exception)
            {
                return RosterLineOutcome.Rejected(FromDomain(line.Number, exception, FieldOf(operation, exception)));
            }
            catch (Exception exception) when (exception is SiloUnavailableException || stopping.IsCancellationRequested)
            {
                // The silo is stopping (Orleans may already refuse to place grains here): the line is
                // applied again when the batch resumes, and lines are idempotent.
                return RosterLineOutcome.Deferred;
            }
            catch (Exception exception) when (IsTransient(exception))
            {
                // A message rejection: the grain's silo failed and the cluster has not yet declared it dead
                // (seconds); after that the grain activates elsewhere, so a retry, or the batch's resumption, succeeds.
                if (attempt >= options.TransientRetries || stopping.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Roster batch {BatchId}: line {Line} failed {Attempts} times; the batch pauses.", batchId, line.Number, attempt + 1);
                    return RosterLineOutcome.Deferred;
                }

                try
                {
                    await Task.Delay(options.TransientRetryDelay * (1 << attempt), time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return RosterLineOutcome.Deferred;
                }
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Roster batch {BatchId}: line {Line} failed unexpectedly ({ExceptionType}).", batchId, line.Number, exception.GetType().FullName);
                return RosterLineOutcome.Rejected(new RosterLineError(line.Number, RosterErrors.Unexpected,
                    "The line could not be applied because of an unexpected error; the server's log has the details."));
            }
        }
    }

    /// <summary>
    /// A store outage, a timeout, a version that moved, or a message the cluster could not deliver,
    /// also when it arrives wrapped (a failed activation on another silo reaches the caller as the
    /// cause of a rejection).
    /// </summary>
    private static bool IsTransient(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is StorageUnavailableException or TimeoutException or InconsistentStateException or OrleansMessageRejectionException)
            {
                return true;
            }
        }

        return false;
    }

    private Task<RosterLineError?> ApplyOnceAsync(int number, RosterOperation operation) => operation switch
    {
        UpsertOrganization organization => PlaceAsync(number, organization),
        UpsertMember member => EnrollAsync(number, member),
        RemoveMember removal => RemoveAsync(number, removal),
        ReportMemberIn reportIn => ReportInAsync(number, reportIn),
        WithdrawMemberReportIn withdrawal => WithdrawAsync(number, withdrawal),
        UpsertCommitment commitment => KeepCommitmentAsync(number, commitment),
        _ => throw new InvalidOperationException($"No applier for {operation.GetType().Name}."),
    };

    /// <summary>
    /// The line's field a refusal of the domain is about when the domain names none: the member or
    /// owner a report-in or commitment line names (the domain's own fields, such as <c>gridId</c>
    /// or <c>dueOn</c>, are already the line's). The first three operations keep the domain's answer.
    /// </summary>
    private static string? FieldOf(RosterOperation operation, DomainException exception) => exception.Field ?? operation switch
    {
        ReportMemberIn or WithdrawMemberReportIn => "memberId",
        UpsertCommitment { Commitment.Owner.Kind: CommitmentOwnerKind.Member } => "memberId",
        UpsertCommitment => exception.Code == DomainErrors.OrgNotFound ? "orgId" : null,
        _ => null,
    };

    private async Task<RosterLineError?> PlaceAsync(int number, UpsertOrganization line)
    {
        if (!scope.IsUnlimited)
        {
            if (await scope.ReachAsync(line.Id) == RosterReach.Outside)
            {
                return OutOfScope(number, "id", $"Organization '{line.Id}' is outside the caller's subtree.");
            }

            if (line.Definition.ParentId is not { } parentId)
            {
                return OutOfScope(number, "parentId", "Only an admin may place a root organization.");
            }

            if (await scope.ReachAsync(parentId) == RosterReach.Outside)
            {
                return OutOfScope(number, "parentId", $"Parent organization '{parentId}' is outside the caller's subtree.");
            }
        }

        await grains.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).Place(line.Id, line.Definition);
        scope.LearnInside(line.Id);
        return null;
    }

    private async Task<RosterLineError?> EnrollAsync(int number, UpsertMember line)
    {
        if (line.Correction && !submittedByAdmin)
        {
            return new RosterLineError(number, RosterErrors.CorrectionNotAllowed,
                "Only a batch submitted by an admin may correct a member's status; the line is marked as a correction.", "correction");
        }

        var member = grains.GetGrain<IMemberGrain>(line.Id);
        if (!scope.IsUnlimited)
        {
            if (await scope.ReachAsync(line.Profile.OrgId) == RosterReach.Outside)
            {
                return OutOfScope(number, "orgId", $"Organization '{line.Profile.OrgId}' is outside the caller's subtree.");
            }

            if (line.Profile.ResidenceGridId is { } gridId && await scope.ReachAsync(gridId) == RosterReach.Outside)
            {
                return OutOfScope(number, "residenceGridId", $"Grid '{gridId}' is outside the caller's subtree.");
            }

            if (await CurrentOrganizationOutsideAsync(member) is { } current)
            {
                return OutOfScope(number, "id", $"Member '{line.Id}' belongs to '{current}', outside the caller's subtree.");
            }
        }

        await member.SetProfile(line.Profile, Change(number, line.Reason, line.Correction));
        return null;
    }

    private async Task<RosterLineError?> RemoveAsync(int number, RemoveMember line)
    {
        var member = grains.GetGrain<IMemberGrain>(line.Id);
        if (!scope.IsUnlimited && await CurrentOrganizationOutsideAsync(member) is { } current)
        {
            return OutOfScope(number, "id", $"Member '{line.Id}' belongs to '{current}', outside the caller's subtree.");
        }

        await member.Leave(Change(number, reason: null, correction: false));
        return null;
    }

    /// <summary>
    /// A report-in touches its grid and its member: the grid must be in the subtree, and the member
    /// reached as api.md reaches members (its organization of record or its residence grid in the
    /// subtree), so a community's job can report in the residents of its grids whose work unit is
    /// elsewhere (双报到).
    /// </summary>
    private async Task<RosterLineError?> ReportInAsync(int number, ReportMemberIn line)
    {
        var member = grains.GetGrain<IMemberGrain>(line.Id);
        if (!scope.IsUnlimited)
        {
            if (await scope.ReachAsync(line.GridId) == RosterReach.Outside)
            {
                return OutOfScope(number, "gridId", $"Grid '{line.GridId}' is outside the caller's subtree.");
            }

            if (await MemberUnreachedAsync(member) is { } orgId)
            {
                return OutOfScope(number, "memberId", $"Member '{line.Id}' belongs to '{orgId}' and lives outside the caller's subtree.");
            }
        }

        await member.ReportIn(line.GridId);
        return null;
    }

    private async Task<RosterLineError?> WithdrawAsync(int number, WithdrawMemberReportIn line)
    {
        var member = grains.GetGrain<IMemberGrain>(line.Id);
        if (!scope.IsUnlimited && await MemberUnreachedAsync(member) is { } orgId)
        {
            return OutOfScope(number, "memberId", $"Member '{line.Id}' belongs to '{orgId}' and lives outside the caller's subtree.");
        }

        await member.WithdrawReportIn();
        return null;
    }

    /// <summary>
    /// A commitment line touches its owner: a member reached as api.md reaches members (as the API's
    /// <c>POST /members/{id}/commitments</c> asks), an organization in the subtree. The organization
    /// where an existing commitment counts is not asked again, so the same line is judged the same way
    /// whether it makes the commitment or finds it made.
    /// </summary>
    private async Task<RosterLineError?> KeepCommitmentAsync(int number, UpsertCommitment line)
    {
        var commitment = line.Commitment;
        if (!scope.IsUnlimited)
        {
            if (commitment.Owner.Kind == CommitmentOwnerKind.Member)
            {
                if (await MemberUnreachedAsync(grains.GetGrain<IMemberGrain>(commitment.Owner.Id)) is { } orgId)
                {
                    return OutOfScope(number, "memberId", $"Member '{commitment.Owner.Id}' belongs to '{orgId}' and lives outside the caller's subtree.");
                }
            }
            else if (await scope.ReachAsync(commitment.Owner.Id) == RosterReach.Outside)
            {
                return OutOfScope(number, "orgId", $"Organization '{commitment.Owner.Id}' is outside the caller's subtree.");
            }
        }

        await grains.GetGrain<ICommitmentGrain>(commitment.CommitmentId).Import(commitment, submittedBy);
        return null;
    }

    /// <summary>
    /// The member's organization of record when neither it nor the member's residence grid is in the
    /// scope; null when one is, or the member does not exist (the domain says so).
    /// </summary>
    private async Task<string?> MemberUnreachedAsync(IMemberGrain member)
    {
        if (await member.GetDetails() is not { } details || await scope.ReachAsync(details.OrgId) == RosterReach.Inside)
        {
            return null;
        }

        return details.ResidenceGridId is { } gridId && await scope.ReachAsync(gridId) == RosterReach.Inside ? null : details.OrgId;
    }

    /// <summary>The member's organization of record when it lies outside the scope; null when inside or the member is new.</summary>
    private async Task<string?> CurrentOrganizationOutsideAsync(IMemberGrain member) =>
        await member.GetDetails() is { } details && await scope.ReachAsync(details.OrgId) == RosterReach.Outside ? details.OrgId : null;

    /// <summary>A member's status change as a line of this batch makes it: by the submitter, naming the batch and the line.</summary>
    private StatusChange Change(int number, string? reason, bool correction) =>
        new(submittedBy, reason, EffectiveOn: null, correction, batchId, number);

    private static RosterLineError OutOfScope(int number, string field, string message) => new(number, RosterErrors.OutOfScope, message, field);

    private static RosterLineError FromDomain(int number, DomainException exception, string? field)
    {
        var message = exception.Code == DomainErrors.InvalidField && field is not null
            ? $"Field '{field}': {exception.Message}"
            : exception.Message;
        return new RosterLineError(number, exception.Code, message, field);
    }
}
