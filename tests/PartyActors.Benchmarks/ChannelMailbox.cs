using System.Threading.Channels;

namespace PartyActors.Benchmarks;

/// <summary>
/// The floor for turn-based execution: an unbounded channel with one consumer loop that runs
/// requests one at a time on a target, and a <see cref="TaskCompletionSource{TResult}"/> per
/// request whose continuations run asynchronously (as a grain call's do).
/// </summary>
internal sealed class ChannelMailbox
{
    private readonly Channel<Request> _channel = Channel.CreateUnbounded<Request>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly ICalcGrain _target;
    private readonly Task _loop;

    public ChannelMailbox(ICalcGrain target)
    {
        _target = target;
        _loop = Task.Run(RunAsync);
    }

    public Task<int> Add(int value)
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(new Request(value, completion)))
        {
            throw new InvalidOperationException("The mailbox is closed.");
        }

        return completion.Task;
    }

    public Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        return _loop;
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                var result = await _target.Add(request.Value).ConfigureAwait(false);
                request.Completion.SetResult(result);
            }
        }
    }

    private readonly record struct Request(int Value, TaskCompletionSource<int> Completion);
}
