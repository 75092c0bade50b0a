namespace PartyActors.Storage.Tests;

public sealed class GroupCommitQueueTests
{
    [Fact]
    public async Task By_default_one_commit_runs_at_a_time_and_what_arrives_meanwhile_forms_the_next_batch()
    {
        var commits = new CommitRecorder();
        await using var queue = new GroupCommitQueue<Op>(commits.CommitAsync, new GroupCommitOptions());

        var first = Op.Enqueue(queue, 1);
        await commits.StartedAsync(1);
        var waiting = Enumerable.Range(2, 5).Select(i => Op.Enqueue(queue, i)).ToList();
        await Task.Delay(50);
        Assert.Equal(1, commits.Started);

        commits.ReleaseOne();
        await first.Task;
        await commits.StartedAsync(2);
        commits.ReleaseOne();
        await Task.WhenAll(waiting.Select(op => op.Task));

        Assert.Equal([[1], [2, 3, 4, 5, 6]], commits.Batches);
        Assert.Equal(1, commits.MaxConcurrent);
    }

    [Fact]
    public async Task With_two_commits_at_once_a_third_batch_waits_for_a_free_slot_and_keeps_filling()
    {
        var commits = new CommitRecorder();
        await using var queue = new GroupCommitQueue<Op>(commits.CommitAsync, new GroupCommitOptions { MaxConcurrentCommits = 2 });

        var a = Op.Enqueue(queue, 1);
        await commits.StartedAsync(1);
        var b = Op.Enqueue(queue, 2);
        await commits.StartedAsync(2);
        var later = Enumerable.Range(3, 4).Select(i => Op.Enqueue(queue, i)).ToList();
        await Task.Delay(50);
        Assert.Equal(2, commits.Started);

        commits.ReleaseOne();
        await commits.StartedAsync(3);
        commits.ReleaseOne();
        commits.ReleaseOne();
        await Task.WhenAll(later.Select(op => op.Task).Append(a.Task).Append(b.Task));

        Assert.Equal(3, commits.Batches.Count);
        Assert.Equal([3, 4, 5, 6], commits.Batches[2]);
        Assert.Equal(2, commits.MaxConcurrent);
    }

    [Fact]
    public async Task A_failed_commit_fails_only_the_operations_of_its_batch()
    {
        var calls = 0;
        await using var queue = new GroupCommitQueue<Op>((batch, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the connection dropped");
            }

            foreach (var op in batch)
            {
                op.TrySetResult();
            }

            return Task.CompletedTask;
        }, new GroupCommitOptions { MaxConcurrentCommits = 2 });

        var failed = Op.Enqueue(queue, 1);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failed.Task);
        Assert.Equal("the connection dropped", error.Message);

        var next = Op.Enqueue(queue, 2);
        await next.Task;
    }

    [Fact]
    public void Fewer_than_one_commit_at_once_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupCommitOptions { MaxConcurrentCommits = 0 }.Validate());
    }

    private sealed class Op(int id) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), IGroupCommitOperation
    {
        public int Id { get; } = id;

        public static Op Enqueue(GroupCommitQueue<Op> queue, int id)
        {
            var op = new Op(id);
            queue.Enqueue(op);
            return op;
        }

        public void Fail(Exception exception) => TrySetException(exception);
    }

    /// <summary>A commit function that holds every batch until the test releases it, and records what it saw.</summary>
    private sealed class CommitRecorder
    {
        private readonly SemaphoreSlim _releases = new(0);
        private readonly Lock _lock = new();
        private int _concurrent;

        public List<List<int>> Batches { get; } = [];

        public int Started { get { lock (_lock) { return Batches.Count; } } }

        public int MaxConcurrent { get; private set; }

        public async Task CommitAsync(IReadOnlyList<Op> batch, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                Batches.Add(batch.Select(op => op.Id).ToList());
                _concurrent++;
                MaxConcurrent = Math.Max(MaxConcurrent, _concurrent);
            }

            await _releases.WaitAsync(cancellationToken);
            lock (_lock)
            {
                _concurrent--;
            }

            foreach (var op in batch)
            {
                op.TrySetResult();
            }
        }

        public void ReleaseOne() => _releases.Release();

        public async Task StartedAsync(int count)
        {
            for (var i = 0; i < 500 && Started < count; i++)
            {
                await Task.Delay(10);
            }

            Assert.True(Started >= count, $"commit {count} did not start");
        }
    }
}
