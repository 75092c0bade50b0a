namespace PartyActors.Runtime.Generators.Tests;

/// <summary>A valid set of grain interfaces and classes that exercises every supported shape.</summary>
internal static class Samples
{
    public const string Domain = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using PartyActors.Runtime;

        namespace Sample.Domain
        {
            public enum Level
            {
                Low,
                High,
            }

            public sealed record Member(string Name, int Age, Level Level, ImmutableArray<string> Tags);

            public record Org(string Name, ImmutableList<Member> Members, Org? Parent);

            public struct Point
            {
                public int X;

                public int Y { get; set; }
            }

            [Immutable]
            public sealed class Opaque
            {
                private readonly List<int> _items = new();

                public int Count => _items.Count;
            }

            public sealed class ReadOnlyBox
            {
                private readonly string _label;

                public ReadOnlyBox(int value, string label)
                {
                    Value = value;
                    _label = label;
                }

                public int Value { get; }

                public string Label => _label;

                public string? Note { get; init; }
            }

            public sealed record Summary(
                ImmutableDictionary<string, int> Counts,
                DateTimeOffset At,
                TimeSpan Span,
                Guid Id,
                Uri? Link,
                Version? Version,
                decimal Total);

            public sealed class CounterState
            {
                public int Value { get; set; }
            }

            public interface IClock
            {
                DateTime Now { get; }
            }
        }
        """;

    public const string Interfaces = """
        #nullable enable
        using System;
        using System.Collections.Frozen;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Threading;
        using System.Threading.Tasks;
        using PartyActors.Runtime;
        using Sample.Domain;

        namespace Sample.Grains
        {
            public interface ICounterGrain : IGrainWithStringKey
            {
                Task<int> Add(int amount);

                [ReadOnly]
                Task<int> Get();

                [AlwaysInterleave]
                ValueTask<string?> Describe(string? prefix = null, CancellationToken cancellationToken = default);

                [OneWay]
                Task Ping();

                ValueTask Reset();

                [OneWay]
                ValueTask Poke();

                [ReadOnly, AlwaysInterleave]
                Task<Member> Rename(Member member, string @class);

                Task<Org?> Find(Guid id, Level? level, int? limit = 5);

                Task Watch(ICounterObserver observer, ICounterGrain other);

                Task<Point> Move(Point point, [Immutable] List<int> trusted);

                Task<Opaque> GetOpaque(ReadOnlyBox box);

                Task<ImmutableHashSet<Level>> Levels(ImmutableSortedDictionary<string, ImmutableArray<int>> map, IImmutableList<string> list);

                Task<Summary> Summarize((int A, string B) pair, DateTime at, DateOnly day, TimeOnly time);

                Task<FrozenSet<int>> Frozen(FrozenDictionary<string, int> map);

                Task Overload(int value);

                Task Overload(string value);

                Task<KeyValuePair<string, int>> Pair(ImmutableQueue<int> queue, ImmutableStack<string> stack);
            }

            public interface IOrgGrain : IGrainWithGuidKey
            {
                Task<Org> GetOrg();
            }

            public interface IAuditGrain : IOrgGrain
            {
                Task Audit(string note, Uri? source);
            }

            public interface IGridGrain : IGrainWithIntegerKey
            {
                Task<long> Size();
            }

            public interface ICounterObserver : IGrainObserver
            {
                void Changed(int value);

                Task Done();
            }

            public static class Outer
            {
                public interface INestedGrain : IGrainWithStringKey
                {
                    Task Hello();
                }

                internal interface IInternalGrain : IGrainWithIntegerKey
                {
                    Task<int> Hi(int @event);
                }
            }
        }

        public interface IGlobalGrain : IGrainWithStringKey
        {
            Task<string> Go();
        }
        """;

    public const string Classes = """
        #nullable enable
        using System;
        using System.Collections.Frozen;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Threading;
        using System.Threading.Tasks;
        using PartyActors.Runtime;
        using Sample.Domain;

        namespace Sample.Grains
        {
            [Reentrant]
            public abstract class BaseGrain : Grain
            {
            }

            [GrainType("tally")]
            [CollectionAgeLimit(Minutes = 5, Seconds = 30)]
            public sealed class CounterGrain : BaseGrain, ICounterGrain
            {
                private readonly IPersistentState<CounterState> _state;
                private readonly IClock _clock;

                public CounterGrain(
                    [PersistentState("count", "store")] IPersistentState<CounterState> state,
                    [PersistentState("audit")] IPersistentState<List<string>> log,
                    IClock clock)
                {
                    _state = state;
                    _clock = clock;
                    _ = log;
                }

                public Task<int> Add(int amount) => Task.FromResult(_state.State.Value += amount);

                public Task<int> Get() => Task.FromResult(_state.State.Value);

                public ValueTask<string?> Describe(string? prefix = null, CancellationToken cancellationToken = default) =>
                    new(prefix + _clock.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

                public Task Ping() => Task.CompletedTask;

                public ValueTask Reset() => default;

                public ValueTask Poke() => default;

                public Task<Member> Rename(Member member, string @class) => Task.FromResult(member with { Name = @class });

                public Task<Org?> Find(Guid id, Level? level, int? limit = 5) => Task.FromResult<Org?>(null);

                public Task Watch(ICounterObserver observer, ICounterGrain other) => Task.CompletedTask;

                public Task<Point> Move(Point point, List<int> trusted) => Task.FromResult(point);

                public Task<Opaque> GetOpaque(ReadOnlyBox box) => Task.FromResult(new Opaque());

                public Task<ImmutableHashSet<Level>> Levels(ImmutableSortedDictionary<string, ImmutableArray<int>> map, IImmutableList<string> list) =>
                    Task.FromResult(ImmutableHashSet<Level>.Empty);

                public Task<Summary> Summarize((int A, string B) pair, DateTime at, DateOnly day, TimeOnly time) =>
                    Task.FromResult(new Summary(ImmutableDictionary<string, int>.Empty, default, default, default, null, null, 0m));

                public Task<FrozenSet<int>> Frozen(FrozenDictionary<string, int> map) => Task.FromResult(FrozenSet<int>.Empty);

                public Task Overload(int value) => Task.CompletedTask;

                public Task Overload(string value) => Task.CompletedTask;

                public Task<KeyValuePair<string, int>> Pair(ImmutableQueue<int> queue, ImmutableStack<string> stack) =>
                    Task.FromResult(new KeyValuePair<string, int>("a", 1));
            }

            public sealed class OrgGrain : Grain, IAuditGrain
            {
                public Task<Org> GetOrg() => Task.FromResult(new Org("org", ImmutableList<Member>.Empty, null));

                public Task Audit(string note, Uri? source) => Task.CompletedTask;
            }

            internal sealed class GridGrain : Grain, IGridGrain, Outer.IInternalGrain
            {
                public GridGrain(IClock clock) => _ = clock;

                public Task<long> Size() => Task.FromResult(1L);

                public Task<int> Hi(int @event) => Task.FromResult(@event);
            }

            public sealed class CounterObserver : ICounterObserver
            {
                public static int LastValue;

                public void Changed(int value) => LastValue = value;

                public Task Done() => Task.CompletedTask;
            }
        }

        namespace Sample.Other
        {
            public sealed class Grain : PartyActors.Runtime.Grain, IGlobalGrain
            {
                public Task<string> Go() => Task.FromResult("go");
            }
        }
        """;
}
