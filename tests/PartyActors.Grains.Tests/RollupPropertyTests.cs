using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace PartyActors.Grains.Tests;

/// <summary>
/// Random sequences of structural changes, member changes, commitments (made, progressed, completed,
/// gone overdue as the test's clock passes their due dates), projects and claims (published,
/// claimed, completed with minutes, closed, with the no-shows a close deducts), points rule tables,
/// residents' requests (filed, replied, closed with a rating, reopened, gone overdue and escalated
/// as the clock passes their deadlines in working days), errands (taken by a cadre, done, cancelled,
/// moved to another organization, gone overdue), restarts and crashes; at rest, every organization's roll-up must equal the recount of what the
/// test sent, every member's points what the model deducted, and every refusal the one the model
/// predicts.
/// </summary>
public sealed class RollupPropertyTests(ITestOutputHelper output)
{
    /// <summary>
    /// Sequences per run; <c>PARTYACTORS_PROPERTY_RUNS</c> raises it for a longer search. Each
    /// restart or crash replaces the Orleans silo (a few hundred milliseconds), so the default keeps
    /// the test under a minute on the CI's two cores.
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
        MakeCommitment,
        ReportProgress,
        CompleteCommitment,
        AdvanceDays,
        Publish,
        Claim,
        CompleteClaim,
        CloseProject,
        SetRules,
        FileRequest,
        ReplyRequest,
        CloseRequest,
        ReopenRequest,
        TakeErrand,
        CompleteErrand,
        CancelErrand,
        RelocateErrand,
        Split,
        Merge,
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
            (2, Gen.Constant(OpKind.Dissolve)),
            (5, Gen.Constant(OpKind.MakeCommitment)),
            (2, Gen.Constant(OpKind.ReportProgress)),
            (3, Gen.Constant(OpKind.CompleteCommitment)),
            (3, Gen.Constant(OpKind.AdvanceDays)),
            (4, Gen.Constant(OpKind.Publish)),
            (8, Gen.Constant(OpKind.Claim)),
            (4, Gen.Constant(OpKind.CompleteClaim)),
            (3, Gen.Constant(OpKind.CloseProject)),
            (2, Gen.Constant(OpKind.SetRules)),
            (5, Gen.Constant(OpKind.FileRequest)),
            (3, Gen.Constant(OpKind.ReplyRequest)),
            (3, Gen.Constant(OpKind.CloseRequest)),
            (2, Gen.Constant(OpKind.ReopenRequest)),
            (6, Gen.Constant(OpKind.TakeErrand)),
            (3, Gen.Constant(OpKind.CompleteErrand)),
            (1, Gen.Constant(OpKind.CancelErrand)),
            (2, Gen.Constant(OpKind.RelocateErrand)),
            (3, Gen.Constant(OpKind.Split)),
            (3, Gen.Constant(OpKind.Merge)))
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
        // sequence has ids of its own, so it sees only its own tree, members, commitments and
        // projects. Grains and reminders run on the test's clock, which only ever moves forward; a
        // claim still open at a close is a no-show at once (no grace), so closing is all it takes.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(NextNoonInChina(clock.GetUtcNow(), 0) - clock.GetUtcNow());
        await using var harness = await DomainHarness.StartAsync(cadence: TimeSpan.Zero, time: clock,
            silo: s => s.Services.Configure<PointsOptions>(o => o.NoShowGrace = TimeSpan.Zero));
        // Requests answer in one working day here, so that the days the sequences pass make many overdue.
        await harness.Factory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key).SetSla(new SlaTable(RequestTerm, []));
        await harness.Factory.GetGrain<IErrandSettingsGrain>(IErrandSettingsGrain.Key).SetSla(new SlaTable(RequestTerm, []));
        var seen = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var property = Prop.ForAll(Arb.From(Gen.ListOf(Ops).Select(ops => ops.ToArray())), ops =>
        {
            sequences++;
            RunAsync(harness, clock, $"r{sequences}-", ops, seen).GetAwaiter().GetResult();
        });

        // FsCheck runs the property synchronously; off the test's own context, so blocking is safe.
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs).WithEndSize(100), property));

        output.WriteLine($"{sequences} sequences in {DateTime.UtcNow - started}; what they met: {string.Join(", ", seen.Select(e => $"{e.Key} {e.Value}"))}.");
    }

    private static async Task RunAsync(DomainHarness harness, FakeTimeProvider clock, string prefix, Op[] ops, SortedDictionary<string, int> seen)
    {
        var sequence = new Sequence(harness, clock, prefix, seen);
        foreach (var op in ops)
        {
            await ApplyAsync(sequence, op);
        }

        var model = sequence.Model;
        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10), pump: () => clock.Advance(TimeSpan.FromMilliseconds(20)));
        foreach (var (id, (parentId, _)) in model.Orgs)
        {
            Assert.Equal(parentId, (await harness.Org(id).GetDetails())?.ParentId);
        }

        foreach (var (id, member) in model.Members)
        {
            Assert.Equal(member.Status, (await harness.Member(id).GetDetails())?.Status);
            Assert.Equal(member.Points, (await harness.Member(id).GetPoints(null, null)).Total);
        }

        foreach (var (id, commitment) in model.Commitments)
        {
            Assert.Equal(commitment.Status, (await Commitment(harness, id).GetDetails())?.Status);
        }

        foreach (var (id, request) in model.Requests)
        {
            var details = (await Request(harness, id).GetDetails())!;
            Assert.Equal((request.Status, request.Overdue, request.Satisfaction), (details.Status, details.Overdue, details.Satisfaction));
        }

        foreach (var (id, errand) in model.Errands)
        {
            var details = (await Errand(harness, id).GetDetails())!;
            Assert.Equal((errand.OrgId, errand.CadreMemberId, errand.Status, errand.Status == ErrandStatus.Open && errand.Overdue), (details.OrgId, details.CadreMemberId, details.Status, details.Overdue));
        }

        foreach (var (id, project) in model.Projects)
        {
            var details = (await Project(harness, id).GetDetails())!;
            Assert.Equal(project.Open ? ProjectStatus.Open : ProjectStatus.Closed, details.Status);
            Assert.Equal(project.Claims.Select(c => (c.Id, c.Minutes, -c.Deducted)), details.Claims.Select(c => (c.Id, c.Minutes, c.NoShowPoints ?? 0)));
        }
    }

    /// <summary>One sequence: its model, its organizations still there, and the ids it has handed out.</summary>
    private sealed class Sequence(DomainHarness harness, FakeTimeProvider clock, string prefix, SortedDictionary<string, int> seen)
    {
        private int _orgs;
        private int _commitments;
        private int _projects;
        private int _requests;
        private int _errands;

        public DomainHarness Harness { get; } = harness;

        public FakeTimeProvider Clock { get; } = clock;

        public RollupModel Model { get; } = new();

        public List<string> Alive { get; } = [];

        public string Prefix { get; } = prefix;

        public string NextOrg() => $"{Prefix}o{_orgs++}";

        public string NextCommitment() => $"{Prefix}k{_commitments++}";

        public string NextProject() => $"{Prefix}p{_projects++}";

        public string NextRequest() => $"{Prefix}q{_requests++}";

        public string NextErrand() => $"{Prefix}e{_errands++}";

        /// <summary>Counts what the sequences met, so the output shows that the rare cases do happen.</summary>
        public void Saw(string what, int times = 1)
        {
            if (times > 0)
            {
                seen[what] = seen.GetValueOrDefault(what) + times;
            }
        }
    }

    private static ICommitmentGrain Commitment(DomainHarness harness, string id) => harness.Factory.GetGrain<ICommitmentGrain>(id);

    private static IProjectGrain Project(DomainHarness harness, string id) => harness.Factory.GetGrain<IProjectGrain>(id);

    private static IResidentRequestGrain Request(DomainHarness harness, string id) => harness.Factory.GetGrain<IResidentRequestGrain>(id);

    private static IErrandGrain Errand(DomainHarness harness, string id) => harness.Factory.GetGrain<IErrandGrain>(id);

    /// <summary>The term of every request here (the SLA table's default; no calendar is set, so Monday to Friday count).</summary>
    private static readonly SlaTerm RequestTerm = new(1, SlaUnit.WorkingDays);

    /// <summary>The deadline of a term starting now.</summary>
    private static DateTimeOffset RequestDeadline(FakeTimeProvider clock) => WorkingCalendar.Weekdays.Deadline(clock.GetUtcNow(), RequestTerm);

    /// <summary>Noon in China <paramref name="days"/> days after <paramref name="now"/>'s day there, or the next noon when that has passed.</summary>
    private static DateTimeOffset NextNoonInChina(DateTimeOffset now, int days)
    {
        var noon = new DateTimeOffset(CommitmentRules.Today(now).AddDays(days).ToDateTime(new TimeOnly(12, 0)), CommitmentRules.ChinaOffset);
        return noon > now ? noon : noon.AddDays(1);
    }

    private static async Task ApplyAsync(Sequence sequence, Op op)
    {
        var (harness, model, alive, prefix) = (sequence.Harness, sequence.Model, sequence.Alive, sequence.Prefix);
        var grids = alive.Where(id => model.Orgs[id].Kind == OrganizationKind.Grid).ToList();
        var members = model.Members.Keys.Order(StringComparer.Ordinal).ToList();
        switch (op.Kind)
        {
            case OpKind.CreateOrg:
            {
                var id = sequence.NextOrg();
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
                var existing = model.Members.GetValueOrDefault(id);
                await SetAsync(harness, model, alive, id, new ModelMember(
                    (MemberStatus)(op.B % 7), (MemberCategory)(op.C % 7), alive[op.D % alive.Count], residence, existing?.ReportInGridId, existing?.Points ?? 0));
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
                sequence.Saw("restart");
                break;

            case OpKind.Crash:
                await harness.CrashAndRestartAsync();
                sequence.Saw("crash");
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
                    // Commitments and projects tie nothing to an organization: they go with it, and change no more.
                    await harness.Tree.Dissolve(id);
                    sequence.Saw(model.Commitments.Values.Any(c => c.OrgId == id) || model.Projects.Values.Any(p => p.OrgId == id) || model.Requests.Values.Any(r => r.OrgId == id)
                        ? "dissolved with commitments, projects or requests" : "dissolved");
                    model.Orgs.Remove(id);
                    model.Rules.Remove(id);
                    alive.Remove(id);
                    foreach (var gone in model.Commitments.Where(c => c.Value.OrgId == id).Select(c => c.Key).ToList())
                    {
                        model.Commitments.Remove(gone);
                    }

                    foreach (var gone in model.Projects.Where(p => p.Value.OrgId == id).Select(p => p.Key).ToList())
                    {
                        model.Projects.Remove(gone);
                    }

                    foreach (var gone in model.Requests.Where(r => r.Value.OrgId == id).Select(r => r.Key).ToList())
                    {
                        model.Requests.Remove(gone);
                    }

                    foreach (var gone in model.Errands.Where(e => e.Value.OrgId == id).Select(e => e.Key).ToList())
                    {
                        model.Errands.Remove(gone);
                    }
                }

                break;
            }

            case OpKind.MakeCommitment when alive.Count > 0:
                await MakeCommitmentAsync(sequence, op, members);
                break;

            case OpKind.ReportProgress when model.Commitments.Count > 0:
            {
                var id = model.Commitments.Keys.Order(StringComparer.Ordinal).ElementAt(op.A % model.Commitments.Count);
                if (model.Commitments[id].Status == CommitmentStatus.Done)
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => Commitment(harness, id).ReportProgress(1 + op.B % 5, null, "tester"));
                    Assert.Equal(DomainErrors.CommitmentDone, refused.Code);
                    sequence.Saw(refused.Code);
                }
                else
                {
                    await Commitment(harness, id).ReportProgress(1 + op.B % 5, null, "tester");
                }

                break;
            }

            case OpKind.CompleteCommitment when model.Commitments.Count > 0:
            {
                var id = model.Commitments.Keys.Order(StringComparer.Ordinal).ElementAt(op.A % model.Commitments.Count);
                Assert.Equal(CommitmentStatus.Done, (await Commitment(harness, id).Complete("tester")).Status);
                sequence.Saw(model.Commitments[id].Status == CommitmentStatus.Overdue ? "commitment done late" : "commitment done");
                model.Commitments[id] = model.Commitments[id] with { Status = CommitmentStatus.Done };
                break;
            }

            case OpKind.AdvanceDays:
                await AdvanceDaysAsync(sequence, 1 + op.A % 3);
                break;

            case OpKind.Publish when alive.Count > 0:
            {
                var id = sequence.NextProject();
                var orgId = alive[op.A % alive.Count];
                var quota = 1 + op.B % 5;
                await Project(harness, id).Publish(new ProjectDefinition(orgId, "项目" + id, op.C % 2 == 0 ? ProjectKind.Project : ProjectKind.Wish, quota));
                model.Projects[id] = new ModelProject(orgId, quota, Open: true, []);
                sequence.Saw("published");
                break;
            }

            case OpKind.Claim when model.Projects.Count > 0 && members.Count > 0:
                await ClaimAsync(sequence, op, members);
                break;

            case OpKind.CompleteClaim when model.Projects.Values.Any(p => p.Claims.Count > 0):
            {
                var (id, project) = model.Projects.Where(p => p.Value.Claims.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal)
                    .ElementAt(op.A % model.Projects.Values.Count(p => p.Claims.Count > 0));
                var index = op.B % project.Claims.Count;
                var claim = project.Claims[index];
                if (claim.Minutes is not null)
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => Project(harness, id).Complete(claim.Id, 30));
                    Assert.Equal(ProjectRules.ClaimCompleted, refused.Code);
                    sequence.Saw(refused.Code);
                    break;
                }

                // A no-show completed after all gets its deduction back, if the member is still there to take it.
                var minutes = 1 + op.C % 240;
                await Project(harness, id).Complete(claim.Id, minutes);
                project.Claims[index] = claim with { Minutes = minutes, Deducted = 0 };
                sequence.Saw(claim.Deducted > 0 ? "no-show completed late" : "claim completed");
                if (claim.Deducted > 0 && model.Members[claim.MemberId].Status.IsAttached())
                {
                    model.Members[claim.MemberId] = model.Members[claim.MemberId] with { Points = model.Members[claim.MemberId].Points + claim.Deducted };
                }

                break;
            }

            case OpKind.CloseProject when model.Projects.Count > 0:
            {
                var id = model.Projects.Keys.Order(StringComparer.Ordinal).ElementAt(op.A % model.Projects.Count);
                var project = model.Projects[id];
                await Project(harness, id).Close();
                if (project.Open)
                {
                    // Every claim still open is a no-show: the applicable table's deduction, from members still there.
                    var deduction = model.RulesAt(project.OrgId).NoShowDeduction;
                    model.Projects[id] = project with { Open = false };
                    for (var i = 0; i < project.Claims.Count; i++)
                    {
                        var claim = project.Claims[i];
                        var member = model.Members[claim.MemberId];
                        if (claim.Minutes is null && member.Status.IsAttached() && deduction > 0)
                        {
                            project.Claims[i] = claim with { Deducted = deduction };
                            model.Members[claim.MemberId] = member with { Points = member.Points - deduction };
                            sequence.Saw("no-show deducted");
                        }
                    }
                }

                break;
            }

            case OpKind.SetRules when alive.Count > 0:
            {
                var orgId = alive[op.A % alive.Count];
                var table = op.B % 4 == 0 ? null : new PointsRuleTable(PointsMode.PerHour, 1, NoShowDeduction: op.C % 4, OverdueDeduction: op.D % 4);
                await harness.Factory.GetGrain<IPointsRulesGrain>(orgId).Set(table);
                sequence.Saw(table is null ? "rules removed" : "rules set");
                if (table is null)
                {
                    model.Rules.Remove(orgId);
                }
                else
                {
                    model.Rules[orgId] = table;
                }

                break;
            }

            case OpKind.TakeErrand when alive.Count > 0:
                await TakeErrandAsync(sequence, op, members);
                break;

            case OpKind.CompleteErrand or OpKind.CancelErrand or OpKind.RelocateErrand when model.Errands.Count > 0:
                await ChangeErrandAsync(sequence, op);
                break;

            case OpKind.FileRequest when alive.Count > 0:
                await FileRequestAsync(sequence, op);
                break;

            case OpKind.ReplyRequest when model.Requests.Count > 0:
            {
                var id = model.Requests.Keys.Order(StringComparer.Ordinal).ElementAt(op.A % model.Requests.Count);
                var request = model.Requests[id];
                if (request.Status == RequestStatus.Closed)
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => Request(harness, id).Reply("答复", "tester"));
                    Assert.Equal(RequestErrors.Closed, refused.Code);
                    sequence.Saw("request refused: " + refused.Code);
                    break;
                }

                Assert.Equal(RequestStatus.Replied, (await Request(harness, id).Reply("答复" + op.B, "tester")).Status);
                model.Requests[id] = request with { Status = RequestStatus.Replied };
                sequence.Saw(request.Overdue ? "request replied late" : "request replied");
                break;
            }

            case OpKind.CloseRequest when model.Requests.Count > 0:
            {
                var id = PickRequest(model, op, RequestStatus.Replied);
                var request = model.Requests[id];
                var satisfaction = 1 + op.B % 5;
                var expected = request.Status switch
                {
                    RequestStatus.Open => RequestErrors.NotReplied,
                    RequestStatus.Closed when request.Satisfaction != satisfaction => RequestErrors.Closed,
                    _ => null,
                };
                if (expected is not null)
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => Request(harness, id).Close(satisfaction, "tester"));
                    Assert.Equal(expected, refused.Code);
                    sequence.Saw("request refused: " + refused.Code);
                    break;
                }

                Assert.Equal(RequestStatus.Closed, (await Request(harness, id).Close(satisfaction, "tester")).Status);
                sequence.Saw(request.Status == RequestStatus.Closed ? "request closed again" : request.Overdue ? "overdue request closed" : "request closed");
                model.Requests[id] = request with { Status = RequestStatus.Closed, Satisfaction = satisfaction };
                break;
            }

            case OpKind.ReopenRequest when model.Requests.Count > 0:
            {
                var id = PickRequest(model, op, RequestStatus.Closed);
                var request = model.Requests[id];
                if (request.Status != RequestStatus.Closed)
                {
                    var refused = await Assert.ThrowsAsync<DomainException>(() => Request(harness, id).Reopen("不满意", "tester"));
                    Assert.Equal(RequestErrors.NotClosed, refused.Code);
                    sequence.Saw("request refused: " + refused.Code);
                    break;
                }

                var reopened = await Request(harness, id).Reopen("不满意", "tester");
                Assert.Equal(RequestDeadline(sequence.Clock), reopened.DueAt);
                model.Requests[id] = new ModelRequest(request.OrgId, RequestStatus.Open, Overdue: false, reopened.DueAt);
                sequence.Saw("request reopened");
                break;
            }

            case OpKind.Split:
                await SplitAsync(sequence, op);
                break;

            case OpKind.Merge:
                await MergeAsync(sequence, op);
                break;

            default:
                break;
        }
    }

    /// <summary>
    /// An errand at a grid or community (422's code elsewhere) run by a member of record in its
    /// subtree (422's code for any other member), due in <see cref="RequestTerm"/>.
    /// </summary>
    private static async Task TakeErrandAsync(Sequence sequence, Op op, List<string> members)
    {
        var (harness, model) = (sequence.Harness, sequence.Model);
        var id = sequence.NextErrand();
        var cadre = members.Count == 0 ? "nobody" : members[op.B % members.Count];

        // Mostly a grid or community holding the cadre's organization of record, else any, so refusals happen too.
        var holding = model.Members.TryGetValue(cadre, out var candidate) && candidate.Status.IsAttached()
            ? sequence.Alive.Where(o => model.Orgs[o].Kind is OrganizationKind.Grid or OrganizationKind.Community && model.IsBelowOrSelf(candidate.OrgId, CadresOf(model, o))).ToList()
            : [];
        var orgId = holding.Count > 0 && op.D % 4 != 0 ? holding[op.A % holding.Count] : sequence.Alive[op.A % sequence.Alive.Count];
        var taking = new ErrandTaking(orgId, new ErrandResident("居民" + id, "13800138000"), (ErrandCategory)(op.C % 5), "代办" + id, cadre);
        var expected = model.Orgs[orgId].Kind is not (OrganizationKind.Grid or OrganizationKind.Community) ? ErrandErrors.NotATakingLevel
            : !model.Members.TryGetValue(cadre, out var member) || !member.Status.IsAttached() || !model.IsBelowOrSelf(member.OrgId, CadresOf(model, orgId)) ? ErrandErrors.NotACadreHere
            : null;
        if (expected is not null)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => Errand(harness, id).Take(taking, "worker"));
            Assert.Equal((DomainErrorKind.UnknownReference, expected), (refused.Kind, refused.Code));
            sequence.Saw("errand refused: " + refused.Code);
            return;
        }

        var taken = await Errand(harness, id).Take(taking, "worker");
        Assert.Equal(RequestDeadline(sequence.Clock), taken.DueAt);
        model.Errands[id] = new ModelErrand(orgId, cadre, ErrandStatus.Open, Overdue: false, taken.DueAt);
        sequence.Saw("errand taken");
    }

    /// <summary>Whose cadres run the errands of <paramref name="orgId"/>: itself, or for a grid the closest community above it (the grid when none is).</summary>
    private static string CadresOf(RollupModel model, string orgId) =>
        model.Orgs[orgId].Kind != OrganizationKind.Grid ? orgId
            : model.AncestorsAndSelf(orgId).Skip(1).FirstOrDefault(o => model.Orgs[o].Kind == OrganizationKind.Community) ?? orgId;

    /// <summary>Marks an errand done, cancels it, or moves it to another grid or community; the refusals the model predicts.</summary>
    private static async Task ChangeErrandAsync(Sequence sequence, Op op)
    {
        var (harness, model) = (sequence.Harness, sequence.Model);
        var id = model.Errands.Keys.Order(StringComparer.Ordinal).ElementAt(op.A % model.Errands.Count);
        var errand = model.Errands[id];
        switch (op.Kind)
        {
            case OpKind.CompleteErrand when errand.Status == ErrandStatus.Cancelled:
                Assert.Equal(ErrandErrors.Cancelled, (await Assert.ThrowsAsync<DomainException>(() => Errand(harness, id).Complete("办结", null, "cadre"))).Code);
                sequence.Saw("errand refused: " + ErrandErrors.Cancelled);
                break;
            case OpKind.CompleteErrand:
                var done = await Errand(harness, id).Complete("办结", null, "cadre");
                Assert.Equal(ErrandStatus.Done, done.Status);
                sequence.Saw(errand.Status == ErrandStatus.Done ? "errand done again" : done.Late ? "errand done late" : "errand done");
                model.Errands[id] = errand with { Status = ErrandStatus.Done };
                break;
            case OpKind.CancelErrand when errand.Status == ErrandStatus.Done:
                Assert.Equal(ErrandErrors.Done, (await Assert.ThrowsAsync<DomainException>(() => Errand(harness, id).Cancel("撤回", "worker"))).Code);
                sequence.Saw("errand refused: " + ErrandErrors.Done);
                break;
            case OpKind.CancelErrand:
                Assert.Equal(ErrandStatus.Cancelled, (await Errand(harness, id).Cancel("撤回", "worker")).Status);
                model.Errands[id] = errand with { Status = ErrandStatus.Cancelled };
                sequence.Saw("errand cancelled");
                break;
            default:
            {
                var targets = sequence.Alive.Where(o => model.Orgs[o].Kind is OrganizationKind.Grid or OrganizationKind.Community).ToList();
                var to = targets.Count == 0 ? errand.OrgId : targets[op.B % targets.Count];

                // From an organization it is not at (a repeat after a crash, say): nothing moves.
                Assert.False(await Errand(harness, id).Relocate(errand.OrgId + "-elsewhere", to));
                Assert.Equal(to != errand.OrgId, await Errand(harness, id).Relocate(errand.OrgId, to));
                model.Errands[id] = errand with { OrgId = to };
                sequence.Saw(to != errand.OrgId ? "errand relocated" : "errand relocated to itself");
                break;
            }
        }
    }

    /// <summary>Mostly a request in <paramref name="status"/> (the one the operation needs), else any, so refusals happen too.</summary>
    private static string PickRequest(RollupModel model, Op op, RequestStatus status)
    {
        var fitting = model.Requests.Where(r => r.Value.Status == status).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        var candidates = fitting.Count > 0 && op.C % 4 != 0 ? fitting : [.. model.Requests.Keys.Order(StringComparer.Ordinal)];
        return candidates[op.A % candidates.Count];
    }

    /// <summary>A request at a grid or community (refused with 422's code elsewhere), due in <see cref="RequestTerm"/>.</summary>
    private static async Task FileRequestAsync(Sequence sequence, Op op)
    {
        var (harness, model) = (sequence.Harness, sequence.Model);
        var orgId = sequence.Alive[op.A % sequence.Alive.Count];
        var id = sequence.NextRequest();
        var filing = new RequestFiling(orgId, "诉求" + id, "类别" + (op.B % 3), (RequestChannel)(op.C % 5));
        if (model.Orgs[orgId].Kind is not (OrganizationKind.Grid or OrganizationKind.Community))
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => Request(harness, id).File(filing, "resident"));
            Assert.Equal((DomainErrorKind.UnknownReference, RequestErrors.NotAFilingLevel), (refused.Kind, refused.Code));
            sequence.Saw("request refused: " + refused.Code);
            return;
        }

        var filed = await Request(harness, id).File(filing, "resident");
        Assert.Equal(RequestDeadline(sequence.Clock), filed.DueAt);
        model.Requests[id] = new ModelRequest(orgId, RequestStatus.Open, Overdue: false, filed.DueAt);
        sequence.Saw("request filed");
    }

    /// <summary>A member's commitment (counted at its organization of record) or an organization's, due today or in a day or two (China Standard Time).</summary>
    private static async Task MakeCommitmentAsync(Sequence sequence, Op op, List<string> members)
    {
        var (harness, model) = (sequence.Harness, sequence.Model);
        var id = sequence.NextCommitment();
        var dueOn = CommitmentRules.Today(sequence.Clock.GetUtcNow()).AddDays(op.C % 3);
        var terms = new CommitmentTerms("承诺" + id, 1 + op.D % 10, "次", dueOn);
        if (members.Count > 0 && op.A % 2 == 0)
        {
            var memberId = members[op.B % members.Count];
            var member = model.Members[memberId];
            if (!member.Status.IsAttached())
            {
                var refused = await Assert.ThrowsAsync<DomainException>(() => Commitment(harness, id).Make(new CommitmentOwner(CommitmentOwnerKind.Member, memberId), terms, memberId));
                Assert.Equal(DomainErrors.MemberLeft, refused.Code);
                sequence.Saw("commitment refused: " + refused.Code);
                return;
            }

            await Commitment(harness, id).Make(new CommitmentOwner(CommitmentOwnerKind.Member, memberId), terms, memberId);
            model.Commitments[id] = new ModelCommitment(member.OrgId, memberId, CommitmentStatus.Open, CommitmentRules.Deadline(dueOn));
            sequence.Saw("member's commitment");
        }
        else
        {
            var orgId = sequence.Alive[op.B % sequence.Alive.Count];
            await Commitment(harness, id).Make(new CommitmentOwner(CommitmentOwnerKind.Org, orgId), terms, "tester");
            model.Commitments[id] = new ModelCommitment(orgId, null, CommitmentStatus.Open, CommitmentRules.Deadline(dueOn));
            sequence.Saw("organization's commitment");
        }
    }

    /// <summary>
    /// Moves the clock to noon (China) some days on: every open commitment due before then turns
    /// overdue, and a member's costs the member the deduction of the table where it counts; every
    /// request unanswered past its deadline turns overdue and escalates. Waits until each has done so
    /// (its reminder, or its next activation), so the next step meets it done.
    /// </summary>
    private static async Task AdvanceDaysAsync(Sequence sequence, int days)
    {
        var (harness, model, clock) = (sequence.Harness, sequence.Model, sequence.Clock);
        var noon = NextNoonInChina(clock.GetUtcNow(), days);
        clock.Advance(noon - clock.GetUtcNow());
        var due = model.Commitments.Where(c => c.Value.Status == CommitmentStatus.Open && c.Value.DueAt <= noon).Select(c => c.Key).ToList();
        foreach (var id in due)
        {
            var commitment = model.Commitments[id] with { Status = CommitmentStatus.Overdue };
            model.Commitments[id] = commitment;
            if (commitment.MemberId is { } memberId && model.Members[memberId] is { } member && member.Status.IsAttached())
            {
                model.Members[memberId] = member with { Points = member.Points - model.RulesAt(commitment.OrgId).OverdueDeduction };
                sequence.Saw("overdue deducted");
            }

            sequence.Saw("commitment overdue");
        }

        var missed = model.Requests.Where(r => r.Value.Status == RequestStatus.Open && !r.Value.Overdue && r.Value.DueAt <= noon).Select(r => r.Key).ToList();
        foreach (var id in missed)
        {
            model.Requests[id] = model.Requests[id] with { Overdue = true };
            sequence.Saw("request overdue");
        }

        var lapsed = model.Errands.Where(e => e.Value.Status == ErrandStatus.Open && !e.Value.Overdue && e.Value.DueAt <= noon).Select(e => e.Key).ToList();
        foreach (var id in lapsed)
        {
            model.Errands[id] = model.Errands[id] with { Overdue = true };
            sequence.Saw("errand overdue");
        }

        // A reminder registered just before the jump may take its first tick at its next period (an
        // hour on), so the clock goes on by minutes for two hours at most (by then every reminder has
        // ticked): still the same afternoon, far from any midnight, so nothing else falls due.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var id in due)
        {
            while (await Commitment(harness, id).GetDetails() is not { Status: CommitmentStatus.Overdue, SupervisionItemId: not null } settled
                || (settled.Owner.Kind == CommitmentOwnerKind.Member && settled.OverduePoints is null))
            {
                Assert.True(DateTime.UtcNow < deadline, $"Commitment {id} did not turn overdue.");
                if (clock.GetUtcNow() < noon + TimeSpan.FromHours(2))
                {
                    clock.Advance(TimeSpan.FromMinutes(1));
                }

                await Task.Delay(5);
            }
        }

        foreach (var id in missed)
        {
            while (await Request(harness, id).GetDetails() is not { Overdue: true })
            {
                Assert.True(DateTime.UtcNow < deadline, $"Request {id} did not turn overdue.");
                if (clock.GetUtcNow() < noon + TimeSpan.FromHours(2))
                {
                    clock.Advance(TimeSpan.FromMinutes(1));
                }

                await Task.Delay(5);
            }

            sequence.Saw((await Request(harness, id).GetDetails())!.EscalatedTo is null ? "request overdue at a root" : "request escalated");
        }

        foreach (var id in lapsed)
        {
            while (await Errand(harness, id).GetDetails() is not { Overdue: true })
            {
                Assert.True(DateTime.UtcNow < deadline, $"Errand {id} did not turn overdue.");
                if (clock.GetUtcNow() < noon + TimeSpan.FromHours(2))
                {
                    clock.Advance(TimeSpan.FromMinutes(1));
                }

                await Task.Delay(5);
            }
        }
    }

    private static async Task ClaimAsync(Sequence sequence, Op op, List<string> members)
    {
        var (harness, model) = (sequence.Harness, sequence.Model);

        // Mostly an open project, else claims would mostly meet closed ones.
        var open = model.Projects.Where(p => p.Value.Open).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var candidates = open.Count > 0 && op.C % 4 != 0 ? open : [.. model.Projects.Keys.Order(StringComparer.Ordinal)];
        var id = candidates[op.A % candidates.Count];
        var project = model.Projects[id];

        // One member, or an organization claiming for up to three at once (all or none).
        var count = Math.Min(1 + op.D % 3, members.Count);
        var claimants = Enumerable.Range(0, count).Select(i => members[(op.B + i) % members.Count]).ToImmutableArray();

        // The project's checks in its order: closed, a claim already held, too few places left, a member gone.
        var expected = !project.Open ? ProjectRules.ProjectClosed
            : project.Claims.Any(c => claimants.Contains(c.MemberId)) ? ProjectRules.DuplicateClaim
            : project.Claims.Count + count > project.Quota ? ProjectRules.QuotaFull
            : claimants.Any(m => !model.Members[m].Status.IsAttached()) ? DomainErrors.MemberLeft
            : null;
        if (expected is not null)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => Project(harness, id).Claim(claimants));
            Assert.Equal(expected, refused.Code);
            sequence.Saw(refused.Code);
            return;
        }

        var claimIds = await Project(harness, id).Claim(claimants);
        Assert.Equal(count, claimIds.Length);
        project.Claims.AddRange(claimIds.Select((claimId, i) => new ModelClaim(claimId, claimants[i])));
        sequence.Saw(count == 1 ? "claim" : "claims at once", count);
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
            // A correction, so that the pipeline does not answer first: the unknown reference is what is tested here.
            var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Member(id).SetProfile(profile, Correction));
            Assert.Equal(DomainErrorKind.UnknownReference, refused.Kind);
            return;
        }

        // The status gate: members here are only ever deducted points, so applicant → activist is always refused and changes nothing.
        if (model.Members.TryGetValue(id, out var current) && current.Status == MemberStatus.Applicant && next.Status == MemberStatus.Activist)
        {
            var gated = await Assert.ThrowsAsync<DomainException>(() => harness.Member(id).SetProfile(profile));
            Assert.Equal(DomainErrors.PointsBelowThreshold, gated.Code);
            return;
        }

        // A change that is not a step of the pipeline is refused and changes nothing; an admin's
        // correction then makes it, so that the roll-ups still see every status. (A transferred
        // member's way back depends on the status it held before, which the model does not keep.)
        var change = StatusChange.BySystem;
        if (current is not null && current.Status != MemberStatus.Transferred
            && MemberStatusPipeline.Judge(current.Status, next.Status) == StatusVerdict.Refused)
        {
            var skipped = await Assert.ThrowsAsync<DomainException>(() => harness.Member(id).SetProfile(profile));
            Assert.Equal(DomainErrors.StatusSkipsStep, skipped.Code);
            change = Correction;
        }
        else if (current?.Status == MemberStatus.Transferred)
        {
            change = Correction;
        }

        await harness.Member(id).SetProfile(profile, change);
        model.Members[id] = next;
    }

    private static readonly StatusChange Correction = new("tester", "property test", Correction: true);

    #region Reshaping: splits and merges of communities (docs/reshaping.md)

    /// <summary>
    /// Splits a community: a subset of its grids, of its members of record and of the items counted
    /// there (picked by the bits of the op's numbers) go to a new community under the same parent.
    /// Sometimes the cluster crashes right after the split is accepted, and the split resumes.
    /// </summary>
    private static async Task SplitAsync(Sequence sequence, Op op)
    {
        var (harness, model) = (sequence.Harness, sequence.Model);
        var communities = sequence.Alive.Where(id => model.Orgs[id].Kind == OrganizationKind.Community).ToList();
        if (communities.Count == 0)
        {
            return;
        }

        var orgId = communities[op.A % communities.Count];
        var grids = Pick(model.Orgs.Where(o => o.Value.ParentId == orgId && o.Value.Kind == OrganizationKind.Grid).Select(o => o.Key), op.B);
        var members = Pick(model.Members.Where(m => m.Value.OrgId == orgId && m.Value.Status.IsAttached()).Select(m => m.Key), op.C);
        var items = Pick(await ItemsAtAsync(sequence, orgId), op.D);
        var newId = sequence.NextOrg();
        var order = new SplitOrder(orgId, newId, "组织" + newId, null, [.. grids], [.. members], [.. items]);
        var reshape = harness.Factory.GetGrain<IReshapeGrain>(newId + "-split");
        if (grids.Count + members.Count + items.Count == 0)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => reshape.Split(order, "tester"));
            Assert.Equal(DomainErrorKind.Invalid, refused.Kind);
            sequence.Saw("split refused: nothing to move");
            return;
        }

        await reshape.Split(order, "tester");
        await FinishReshapeAsync(sequence, reshape.GetPrimaryKeyString(), crash: op.A % 5 == 0);
        var parentId = model.Orgs[orgId].ParentId;
        model.Orgs[newId] = (parentId, OrganizationKind.Community);
        sequence.Alive.Add(newId);
        foreach (var grid in grids)
        {
            model.Orgs[grid] = (newId, OrganizationKind.Grid);
        }

        foreach (var member in members)
        {
            model.Members[member] = model.Members[member] with { OrgId = newId };
        }

        Relocate(model, items, newId);
        sequence.Saw("split", 1);
        sequence.Saw("split: grids moved", grids.Count);
        sequence.Saw("split: members moved", members.Count);
        sequence.Saw("split: items moved", items.Count);
    }

    /// <summary>
    /// Merges one community into another: children, members of record and every item counted there
    /// follow, and the absorbed one is dissolved. An organization with itself, or two nested, are
    /// refused with the model's code. Sometimes the cluster crashes right after acceptance.
    /// </summary>
    private static async Task MergeAsync(Sequence sequence, Op op)
    {
        var (harness, model) = (sequence.Harness, sequence.Model);
        var communities = sequence.Alive.Where(id => model.Orgs[id].Kind == OrganizationKind.Community).ToList();
        if (communities.Count == 0)
        {
            return;
        }

        // Mostly two different communities, sometimes the same one (refused).
        var into = communities[op.A % communities.Count];
        var from = communities.Count > 1 && op.B % 6 != 0
            ? communities[(op.A + 1 + op.B % (communities.Count - 1)) % communities.Count]
            : into;
        var reshape = harness.Factory.GetGrain<IReshapeGrain>($"{sequence.Prefix}{from}-into-{into}-{op.C}");
        var expected = into == from ? ReshapeRules.SameOrg
            : model.IsBelowOrSelf(into, from) || model.IsBelowOrSelf(from, into) ? ReshapeRules.Nested
            : null;
        if (expected is not null)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => reshape.Merge(new MergeOrder(into, from), "tester"));
            Assert.Equal(expected, refused.Code);
            sequence.Saw("merge refused: " + refused.Code);
            return;
        }

        // Items that count nothing (a closed project without completed claims) are not listed at the
        // community, and stay with it when it is dissolved, as in a plain dissolution.
        var listed = await ItemsAtAsync(sequence, from);
        await reshape.Merge(new MergeOrder(into, from), "tester");
        await FinishReshapeAsync(sequence, reshape.GetPrimaryKeyString(), crash: op.C % 5 == 0);
        foreach (var child in model.Orgs.Where(o => o.Value.ParentId == from).Select(o => o.Key).ToList())
        {
            model.Orgs[child] = (into, model.Orgs[child].Kind);
        }

        foreach (var (id, member) in model.Members.Where(m => m.Value.OrgId == from && m.Value.Status.IsAttached()).ToList())
        {
            model.Members[id] = member with { OrgId = into };
        }

        Relocate(model, listed, into);
        foreach (var gone in model.Projects.Where(p => p.Value.OrgId == from).Select(p => p.Key).ToList())
        {
            model.Projects.Remove(gone);
        }

        model.Orgs.Remove(from);
        model.Rules.Remove(from);
        sequence.Alive.Remove(from);
        Assert.Equal(into, (await harness.Factory.GetGrain<IOrganizationLineageGrain>(from).GetLineage())?.MergedInto?.OrgId);
        sequence.Saw("merge", 1);
        sequence.Saw("merge: items moved", listed.Count);
    }

    /// <summary>The commitments, projects, requests and errands counted at <paramref name="orgId"/> that it lists as its sources, in id order.</summary>
    private static async Task<List<SourceKey>> ItemsAtAsync(Sequence sequence, string orgId)
    {
        var org = sequence.Harness.Org(orgId);
        var keys = new List<SourceKey>();
        foreach (var kind in new[] { SourceKind.Commitment, SourceKind.Project, SourceKind.ResidentRequest, SourceKind.Errand })
        {
            keys.AddRange((await org.GetSourceIds(kind)).Select(id => new SourceKey(kind, id)));
        }

        // The organization lists exactly what the model counts there (rule 1), projects that count nothing aside.
        var model = sequence.Model;
        Assert.Equal(
            model.Commitments.Where(c => c.Value.OrgId == orgId).Select(c => c.Key).Order(StringComparer.Ordinal),
            keys.Where(k => k.Kind == SourceKind.Commitment).Select(k => k.Id));
        Assert.Equal(
            model.Requests.Where(r => r.Value.OrgId == orgId).Select(r => r.Key).Order(StringComparer.Ordinal),
            keys.Where(k => k.Kind == SourceKind.ResidentRequest).Select(k => k.Id));
        Assert.Equal(
            model.Errands.Where(e => e.Value.OrgId == orgId && e.Value.Status != ErrandStatus.Cancelled).Select(e => e.Key).Order(StringComparer.Ordinal),
            keys.Where(k => k.Kind == SourceKind.Errand).Select(k => k.Id));
        return keys;
    }

    /// <summary>The ids whose position in <paramref name="ids"/> (in id order) has its bit set in <paramref name="bits"/>.</summary>
    private static List<T> Pick<T>(IEnumerable<T> ids, int bits) =>
        [.. ids.OrderBy(id => id?.ToString(), StringComparer.Ordinal).Where((_, i) => i < 10 && (bits >> i & 1) == 1)];

    private static void Relocate(RollupModel model, IEnumerable<SourceKey> items, string toOrgId)
    {
        foreach (var key in items)
        {
            switch (key.Kind)
            {
                case SourceKind.Commitment:
                    model.Commitments[key.Id] = model.Commitments[key.Id] with { OrgId = toOrgId };
                    break;
                case SourceKind.Project:
                    model.Projects[key.Id] = model.Projects[key.Id] with { OrgId = toOrgId };
                    break;
                case SourceKind.ResidentRequest:
                    model.Requests[key.Id] = model.Requests[key.Id] with { OrgId = toOrgId };
                    break;
                case SourceKind.Errand:
                    model.Errands[key.Id] = model.Errands[key.Id] with { OrgId = toOrgId };
                    break;
                default:
                    throw new InvalidOperationException($"The model does not relocate {key}.");
            }
        }
    }

    /// <summary>Waits until the reshape completes (crashing the cluster first, when asked, so that it resumes); it must leave nothing behind.</summary>
    private static async Task FinishReshapeAsync(Sequence sequence, string reshapeId, bool crash)
    {
        if (crash)
        {
            await sequence.Harness.CrashAndRestartAsync();
            sequence.Saw("reshape crashed mid-way");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        ReshapeProgress? progress;
        while ((progress = await sequence.Harness.Factory.GetGrain<IReshapeGrain>(reshapeId).GetProgress()) is null or { Status: ReshapeStatus.Running })
        {
            Assert.True(DateTime.UtcNow < deadline, "The reshape did not finish.");
            sequence.Clock.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(5);
        }

        Assert.Equal(ReshapeStatus.Completed, progress.Status);
        Assert.Empty(progress.Errors);
    }

    #endregion

    private static OrganizationDefinition Definition(string id, OrganizationKind kind, string? parentId) => new("组织" + id, kind, parentId);
}
