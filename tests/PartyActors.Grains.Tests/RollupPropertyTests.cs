using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace PartyActors.Grains.Tests;

/// <summary>
/// Random sequences of structural changes, member changes, restarts and crashes; at rest, every
/// organization's roll-up must equal the recount of what the test sent, and every refusal must be
/// the one the model predicts.
/// </summary>
public sealed class RollupPropertyTests(ITestOutputHelper output)
{
    /// <summary>
    /// Sequences per run; <c>PARTYACTORS_PROPERTY_RUNS</c> raises it for a longer search. Each
    /// restart or crash replaces the Orleans silo (a few hundred milliseconds), so the default keeps
    /// the test near a minute.
    /// </summary>
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("PARTYACTORS_PROPERTY_RUNS"), out var runs) ? runs : 100;

    public enum OpKind
    {
        CreateOrg,
        Move,
        UpsertMember,
        Transfer,
        ChangeStatus,
        ChangeCategory,
        Leave,
        ReportIn,
        WithdrawReportIn,
        Restart,
        Crash,
        Dissolve,
    }

    public sealed record Op(OpKind Kind, int A, int B, int C, int D);

    private static Gen<Op> Ops =>
        from kind in Gen.Frequency(
            (8, Gen.Constant(OpKind.CreateOrg)),
            (3, Gen.Constant(OpKind.Move)),
            (8, Gen.Constant(OpKind.UpsertMember)),
            (3, Gen.Constant(OpKind.Transfer)),
            (3, Gen.Constant(OpKind.ChangeStatus)),
            (2, Gen.Constant(OpKind.ChangeCategory)),
            (2, Gen.Constant(OpKind.Leave)),
            (3, Gen.Constant(OpKind.ReportIn)),
            (1, Gen.Constant(OpKind.WithdrawReportIn)),
            (1, Gen.Constant(OpKind.Restart)),
            (1, Gen.Constant(OpKind.Crash)),
            (2, Gen.Constant(OpKind.Dissolve)))
        from a in Gen.Choose(0, 1000)
        from b in Gen.Choose(0, 1000)
        from c in Gen.Choose(0, 1000)
        from d in Gen.Choose(0, 1000)
        select new Op(kind, a, b, c, d);

    [Fact]
    public async Task Every_roll_up_equals_a_recount_after_any_sequence_of_changes_restarts_and_crashes()
    {
        var started = DateTime.UtcNow;
        var sequences = 0;

        // One cluster for every sequence (starting a silo costs more than most sequences): each
        // sequence has ids of its own, so it sees only its own tree and members.
        await using var harness = await DomainHarness.StartAsync(cadence: TimeSpan.Zero);
        var property = Prop.ForAll(Arb.From(Gen.ListOf(Ops).Select(ops => ops.ToArray())), ops =>
        {
            sequences++;
            RunAsync(harness, $"r{sequences}-", ops).GetAwaiter().GetResult();
        });

        // FsCheck runs the property synchronously; off the test's own context, so blocking is safe.
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs).WithEndSize(40), property));

        output.WriteLine($"{sequences} sequences in {DateTime.UtcNow - started}.");
    }

    private static async Task RunAsync(DomainHarness harness, string prefix, Op[] ops)
    {
        var model = new RollupModel();
        var alive = new List<string>();
        var created = 0;
        foreach (var op in ops)
        {
            await ApplyAsync(harness, model, alive, op, prefix, () => $"{prefix}o{created++}");
        }

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10));
        foreach (var (id, (parentId, _)) in model.Orgs)
        {
            Assert.Equal(parentId, (await harness.Org(id).GetDetails())?.ParentId);
        }

        foreach (var (id, member) in model.Members)
        {
            Assert.Equal(member.Status, (await harness.Member(id).GetDetails())?.Status);
        }
    }

    private static async Task ApplyAsync(DomainHarness harness, RollupModel model, List<string> alive, Op op, string prefix, Func<string> nextId)
    {
        var grids = alive.Where(id => model.Orgs[id].Kind == OrganizationKind.Grid).ToList();
        var members = model.Members.Keys.Order(StringComparer.Ordinal).ToList();
        switch (op.Kind)
        {
            case OpKind.CreateOrg:
            {
                var id = nextId();
                var parent = alive.Count == 0 || op.A % 13 == 0 ? null : alive[op.A % alive.Count];
                var kind = (op.B % 4) switch
                {
                    0 or 1 => OrganizationKind.Grid,
                    2 => OrganizationKind.Community,
                    _ => OrganizationKind.Branch,
                };
                Assert.Equal(PlacementOutcome.Created, await harness.Tree.Place(id, Definition(id, kind, parent)));
                model.Orgs[id] = (parent, kind);
                alive.Add(id);
                break;
            }

            case OpKind.Move when alive.Count >= 2:
            {
                var id = alive[op.A % alive.Count];
                var parent = op.B % 11 == 0 ? null : alive[op.B % alive.Count];
                var kind = model.Orgs[id].Kind;
                if (parent is not null && model.IsBelowOrSelf(parent, id))
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Tree.Place(id, Definition(id, kind, parent)));
                    Assert.Equal(DomainErrors.Cycle, refused.Code);
                }
                else
                {
                    var expected = model.Orgs[id].ParentId == parent ? PlacementOutcome.Updated : PlacementOutcome.Moved;
                    Assert.Equal(expected, await harness.Tree.Place(id, Definition(id, kind, parent)));
                    model.Orgs[id] = (parent, kind);
                }

                break;
            }

            case OpKind.UpsertMember when alive.Count > 0:
            {
                var id = $"{prefix}m{op.A % 25}";
                var residence = grids.Count > 0 && op.C % 2 == 0 ? grids[op.C / 2 % grids.Count] : null;
                var reportIn = model.Members.TryGetValue(id, out var existing) ? existing.ReportInGridId : null;
                await SetAsync(harness, model, alive, id, new ModelMember((MemberStatus)(op.B % 7), (MemberCategory)(op.C % 7), alive[op.D % alive.Count], residence, reportIn));
                break;
            }

            case OpKind.Transfer when members.Count > 0 && alive.Count > 0:
            {
                var id = members[op.A % members.Count];
                await SetAsync(harness, model, alive, id, model.Members[id] with { OrgId = alive[op.B % alive.Count] });
                break;
            }

            case OpKind.ChangeStatus when members.Count > 0:
            {
                var id = members[op.A % members.Count];
                await SetAsync(harness, model, alive, id, model.Members[id] with { Status = (MemberStatus)(op.B % 7) });
                break;
            }

            case OpKind.ChangeCategory when members.Count > 0:
            {
                var id = members[op.A % members.Count];
                await SetAsync(harness, model, alive, id, model.Members[id] with { Category = (MemberCategory)(op.B % 7) });
                break;
            }

            case OpKind.Leave when members.Count > 0:
            {
                var id = members[op.A % members.Count];
                await harness.Member(id).Leave();
                model.Members[id] = model.Members[id] with { Status = MemberStatus.Left, ReportInGridId = null };
                break;
            }

            case OpKind.ReportIn when members.Count > 0 && grids.Count > 0:
            {
                var id = members[op.A % members.Count];
                var grid = grids[op.B % grids.Count];
                if (!model.Members[id].Status.IsAttached())
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Member(id).ReportIn(grid));
                    Assert.Equal(DomainErrors.MemberLeft, refused.Code);
                }
                else
                {
                    await harness.Member(id).ReportIn(grid);
                    model.Members[id] = model.Members[id] with { ReportInGridId = grid };
                }

                break;
            }

            case OpKind.WithdrawReportIn when members.Count > 0:
            {
                var id = members[op.A % members.Count];
                await harness.Member(id).WithdrawReportIn();
                model.Members[id] = model.Members[id] with { ReportInGridId = null };
                break;
            }

            case OpKind.Restart:
                await harness.RestartAsync();
                break;

            case OpKind.Crash:
                await harness.CrashAndRestartAsync();
                break;

            case OpKind.Dissolve when alive.Count > 0:
            {
                var id = alive[op.A % alive.Count];
                var expected = model.HasChildren(id) ? DomainErrors.HasChildren : model.HasTiedMembers(id) ? DomainErrors.HasMembers : null;
                if (expected is not null)
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Tree.Dissolve(id));
                    Assert.Equal(expected, refused.Code);
                }
                else
                {
                    await harness.Tree.Dissolve(id);
                    model.Orgs.Remove(id);
                    alive.Remove(id);
                }

                break;
            }

            default:
                break;
        }
    }

    private static async Task SetAsync(DomainHarness harness, RollupModel model, List<string> alive, string id, ModelMember next)
    {
        if (!next.Status.IsAttached())
        {
            next = next with { ReportInGridId = null };
        }

        var profile = new MemberProfile("党员" + id, next.Status, next.Category, next.OrgId, next.ResidenceGridId);
        var known = alive.Contains(next.OrgId) && (next.ResidenceGridId is null || alive.Contains(next.ResidenceGridId));
        if (!known)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Member(id).SetProfile(profile));
            Assert.Equal(DomainErrorKind.UnknownReference, refused.Kind);
            return;
        }

        // The status gate: no member here has points, so applicant → activist is always refused and changes nothing.
        if (model.Members.TryGetValue(id, out var current) && current.Status == MemberStatus.Applicant && next.Status == MemberStatus.Activist)
        {
            var gated = await Assert.ThrowsAsync<DomainException>(() => harness.Member(id).SetProfile(profile));
            Assert.Equal(DomainErrors.PointsBelowThreshold, gated.Code);
            return;
        }

        await harness.Member(id).SetProfile(profile);
        model.Members[id] = next;
    }

    private static OrganizationDefinition Definition(string id, OrganizationKind kind, string? parentId) => new("组织" + id, kind, parentId);
}
