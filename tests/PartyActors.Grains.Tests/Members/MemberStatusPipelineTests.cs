namespace PartyActors.Grains.Tests.Members;

/// <summary>The pipeline's rules, every from → to pair, against a table written out by hand.</summary>
public sealed class MemberStatusPipelineTests
{
    private static readonly MemberStatus[] Order =
        [MemberStatus.Applicant, MemberStatus.Activist, MemberStatus.Candidate, MemberStatus.Probationary, MemberStatus.Full, MemberStatus.Transferred, MemberStatus.Left];

    // Rows: from, in Order; columns: to, in Order. '=' same, 'S' a step, '.' refused. A transferred member's row is for an unknown status before the transfer.
    private static readonly string[] Table =
    [
        "=S...SS",
        ".=S..SS",
        "..=S.SS",
        "...=SSS",
        "....=SS",
        ".....=S",
        "......=",
    ];

    [Fact]
    public void Every_pair_of_statuses_is_judged_as_the_table_says()
    {
        for (var f = 0; f < Order.Length; f++)
        {
            for (var t = 0; t < Order.Length; t++)
            {
                var expected = Table[f][t] switch
                {
                    '=' => StatusVerdict.Same,
                    'S' => StatusVerdict.Step,
                    _ => StatusVerdict.Refused,
                };
                Assert.True(expected == MemberStatusPipeline.Judge(Order[f], Order[t]), $"{Order[f]} → {Order[t]}: expected {expected}");
                Assert.Equal(expected == StatusVerdict.Step, MemberStatusPipeline.AllowedNext(Order[f]).Contains(Order[t]));
            }
        }
    }

    [Fact]
    public void A_transferred_member_may_come_back_to_the_status_it_held_before_and_to_no_other()
    {
        foreach (var before in Order)
        {
            foreach (var to in Order)
            {
                var expected = to == MemberStatus.Transferred ? StatusVerdict.Same
                    : to == MemberStatus.Left || (to == before && before.IsAttached()) ? StatusVerdict.Step
                    : StatusVerdict.Refused;
                Assert.True(expected == MemberStatusPipeline.Judge(MemberStatus.Transferred, to, before), $"transferred (before: {before}) → {to}: expected {expected}");
            }
        }
    }

    [Fact]
    public void Only_the_state_before_another_status_matters_for_members_not_transferred()
    {
        foreach (var from in Order.Where(s => s != MemberStatus.Transferred))
        {
            foreach (var to in Order)
            {
                Assert.All(Order, before => Assert.Equal(MemberStatusPipeline.Judge(from, to), MemberStatusPipeline.Judge(from, to, before)));
            }
        }
    }

    [Fact]
    public void A_new_member_starts_at_any_status()
    {
        Assert.All(Order, to => Assert.Equal(StatusVerdict.Create, MemberStatusPipeline.Judge(null, to)));
    }

    [Fact]
    public void Only_applicant_to_activist_passes_the_points_gate()
    {
        foreach (var from in Order)
        {
            foreach (var to in Order)
            {
                Assert.Equal(from == MemberStatus.Applicant && to == MemberStatus.Activist, MemberStatusPipeline.NeedsPointsGate(from, to));
            }
        }
    }

    [Fact]
    public void A_refusal_is_a_conflict_naming_the_statuses_allowed_next()
    {
        var refusal = MemberStatusPipeline.Refusal("m1", MemberStatus.Activist, MemberStatus.Full);
        Assert.Equal((DomainErrorKind.Conflict, DomainErrors.StatusSkipsStep, "status"), (refusal.Kind, refusal.Code, refusal.Field));
        Assert.Contains("Allowed next: candidate, transferred, left.", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("none (left is final)", MemberStatusPipeline.Refusal("m1", MemberStatus.Left, MemberStatus.Full).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_needs_a_reason_and_a_move_may_give_one()
    {
        Assert.NotNull(MemberStatusPipeline.CheckReason(null, correction: true));
        Assert.NotNull(MemberStatusPipeline.CheckReason("  ", correction: true));
        Assert.Null(MemberStatusPipeline.CheckReason("录入错误", correction: true));
        Assert.Null(MemberStatusPipeline.CheckReason(null, correction: false));
        Assert.NotNull(MemberStatusPipeline.CheckReason("", correction: false));
        Assert.NotNull(MemberStatusPipeline.CheckReason(new string('x', MemberStatusPipeline.MaxReasonLength + 1), correction: false));
    }
}
