using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.OrganizationalLife;

/// <summary>
/// A cluster with organizational life on a fake clock, and the moves of that clock the tests make.
/// As for the periodic reports, the reminder service loads only reminders due within its window and
/// skips a tick whose time passed before it loaded it: the clock approaches a checkpoint in small
/// steps rather than jumping over it.
/// </summary>
internal static class LifeClock
{
    public static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    public static Task<DomainHarness> StartAsync(FakeTimeProvider clock, TimeSpan lead) =>
        DomainHarness.StartAsync(time: clock, silo: builder =>
        {
            builder.AddOrganizationalLife(o =>
            {
                o.ReminderLead = lead;
                o.RetryDelay = TimeSpan.FromSeconds(1);
            });
            builder.Configure<ReminderOptions>(o =>
            {
                o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200);
                o.ReminderLoadingWindow = TimeSpan.FromHours(1);
            });
        });

    public static ILifeScheduleGrain Schedule(DomainHarness harness) => harness.Factory.GetGrain<ILifeScheduleGrain>(ILifeScheduleGrain.Key);

    public static IOrganizationLifeGrain Life(DomainHarness harness, string orgId) => harness.Factory.GetGrain<IOrganizationLifeGrain>(orgId);

    /// <summary>Moves the clock on in small steps (roll-up cadences, timers, reminders) until the condition holds.</summary>
    public static async Task PumpUntilAsync(FakeTimeProvider clock, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(2);
        }
    }

    /// <summary>Waits until a sweep has completed at or after <paramref name="checkpoint"/>.</summary>
    public static Task SweptAsync(FakeTimeProvider clock, DomainHarness harness, DateTimeOffset checkpoint) =>
        PumpUntilAsync(clock, async () => (await Schedule(harness).GetStatus()).SweptThrough >= checkpoint, $"the schedule has swept {checkpoint:O}");

    /// <summary>Moves the clock to a minute before <paramref name="checkpoint"/>, lets the reminder service load it, then past it, and waits for the sweep.</summary>
    public static async Task CrossAsync(FakeTimeProvider clock, DomainHarness harness, DateTimeOffset checkpoint)
    {
        clock.Advance(checkpoint - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(3);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        await SweptAsync(clock, harness, checkpoint);
    }

    /// <summary>Waits until <paramref name="orgId"/>'s roll-up shows these organizational-life figures.</summary>
    public static Task FiguresAsync(FakeTimeProvider clock, DomainHarness harness, string orgId, long required, long held) =>
        PumpUntilAsync(clock, async () =>
        {
            var metrics = (await harness.Org(orgId).GetRollup()).Metrics;
            return metrics[Metric.MeetingsRequired] == required && metrics[Metric.MeetingsHeld] == held;
        }, $"{orgId} rolls up {required} required and {held} held");

    public static MeetingDraft Draft(LifeActivity type, DateOnly date, params string[] attendees) =>
        new(type, date, [.. attendees], "会议记录：学习传达上级精神，讨论本支部工作。", null);
}
