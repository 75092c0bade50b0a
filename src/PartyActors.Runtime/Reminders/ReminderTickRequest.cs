namespace PartyActors.Runtime;

/// <summary>A reminder tick, delivered to the grain as an ordinary call: it activates the grain and takes a turn.</summary>
internal sealed class ReminderTickRequest(string reminderName, TickStatus status) : VoidGrainRequest
{
    public override Type InterfaceType => typeof(IRemindable);

    public override string MethodName => nameof(IRemindable.ReceiveReminder);

    public override InvokeMethodOptions Options => InvokeMethodOptions.None;

    public override int ArgumentCount => 2;

    public override object? GetArgument(int index) => index switch
    {
        0 => reminderName,
        1 => status,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    protected override ValueTask InvokeCore(object target) =>
        target is IRemindable remindable
            ? new ValueTask(remindable.ReceiveReminder(reminderName, status))
            : throw new InvalidOperationException($"{target.GetType().Name} has a reminder but does not implement IRemindable.");
}
