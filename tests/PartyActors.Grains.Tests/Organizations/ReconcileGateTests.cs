namespace PartyActors.Grains.Tests.Organizations;

/// <summary>The silo-wide cap on reconciliation questions (<see cref="ReconcileGate"/>): it delays, and never blocks for good.</summary>
public sealed class ReconcileGateTests
{
    [Fact]
    public async Task No_more_questions_than_slots_are_in_flight_and_every_one_is_answered()
    {
        var gate = new ReconcileGate(3, TimeSpan.FromMinutes(5));
        var inFlight = 0;
        var most = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asks = Enumerable.Range(0, 10).Select(i => gate.AskAsync(async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await release.Task;
            Interlocked.Decrement(ref inFlight);
            return i;
        })).ToArray();

        // Three are asked; the other seven wait for a slot.
        await DomainHarness.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref inFlight) == 3), "three questions in flight");
        Assert.Equal(0, gate.Free);
        Assert.All(asks, ask => Assert.False(ask.IsCompleted));

        release.SetResult();
        Assert.Equal(Enumerable.Range(0, 10), await Task.WhenAll(asks));
        Assert.Equal(3, most);
        Assert.Equal(3, gate.Free);
    }

    [Fact]
    public async Task A_question_that_waited_too_long_goes_ahead_without_a_slot()
    {
        var gate = new ReconcileGate(1, TimeSpan.FromMilliseconds(200));
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = gate.AskAsync(() => held.Task);

        // The only slot is held for good (as by a question that waits on another organization's
        // reconciliation); the next question still gets its answer.
        Assert.Equal(7, await gate.AskAsync(() => Task.FromResult(7)).WaitAsync(TimeSpan.FromSeconds(30)));

        held.SetResult(1);
        Assert.Equal(1, await holder);
        Assert.Equal(1, gate.Free);
    }

    [Fact]
    public async Task A_failed_question_gives_its_slot_back()
    {
        var gate = new ReconcileGate(1, TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.AskAsync<int>(() => throw new InvalidOperationException("no answer")));
        Assert.Equal(1, gate.Free);
        Assert.Equal(2, await gate.AskAsync(() => Task.FromResult(2)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
