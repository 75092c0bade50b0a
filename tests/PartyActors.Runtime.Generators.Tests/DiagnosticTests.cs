using Microsoft.CodeAnalysis;

namespace PartyActors.Runtime.Generators.Tests;

public sealed class DiagnosticTests
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using PartyActors.Runtime;

        namespace Sample;

        public sealed class Settable
        {
            public int Value { get; set; }
        }

        public sealed record WithList(List<int> Items);

        public sealed class OpenField
        {
            public int Count;
        }

        """;

    private static string InterfaceWith(string member) => Prelude + $$"""
        public interface IBadGrain : IGrainWithStringKey
        {
            Task<int> Fine(int value);

            {{member}}
        }
        """;

    [Theory]
    [InlineData("PA0001", "int Bad();", "Bad", "returns 'int'")]
    [InlineData("PA0001", "List<int> Bad();", "Bad", "returns 'List<int>'")]
    [InlineData("PA0001", "void Bad();", "Bad", "only observer methods may return void")]
    [InlineData("PA0001", "[OneWay] Task<int> Bad();", "Bad", "one-way")]
    [InlineData("PA0002", "Task Bad(List<int> items);", "items", "'List<int>' is a mutable collection")]
    [InlineData("PA0002", "Task Bad(int[] values);", "values", "array")]
    [InlineData("PA0002", "Task Bad(Settable settable);", "settable", "property 'Value' has a setter")]
    [InlineData("PA0002", "Task Bad(WithList withList);", "withList", "property 'Items' has a mutable type")]
    [InlineData("PA0002", "Task Bad(IEnumerable<int> sequence);", "sequence", "'IEnumerable<int>' is a mutable collection")]
    [InlineData("PA0002", "Task Bad(OpenField openField);", "openField", "field 'Count' is not readonly")]
    [InlineData("PA0002", "Task Bad(object anything);", "anything", "'object' is not known to be immutable")]
    [InlineData("PA0002", "Task Bad(Func<int> callback);", "callback", "delegate")]
    [InlineData("PA0003", "Task<Dictionary<string, int>> Bad();", "Bad", "'Dictionary<string, int>' is a mutable collection")]
    [InlineData("PA0003", "ValueTask<Settable> Bad();", "Bad", "has a setter")]
    [InlineData("PA0004", "Task Bad<T>(int value);", "Bad", "generic")]
    [InlineData("PA0004", "Task Bad(ref int value);", "value", "'ref'")]
    [InlineData("PA0004", "Task Bad(out int value);", "value", "'out'")]
    [InlineData("PA0004", "int Bad { get; }", "Bad", "Property 'Bad'")]
    public void Reports_the_diagnostic_at_the_member(string id, string member, string locatedAt, string messagePart)
    {
        var source = InterfaceWith(member);
        var result = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("PartyActors", diagnostic.Descriptor.Category);
        Assert.Contains(messagePart, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("IBadGrain", diagnostic.GetMessage(), StringComparison.Ordinal);

        // The location is the member's (or parameter's) identifier in the interface.
        var memberStart = source.IndexOf(member, StringComparison.Ordinal);
        var expectedStart = source.IndexOf(locatedAt, memberStart + member.IndexOf(' ', StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(expectedStart, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(locatedAt.Length, diagnostic.Location.SourceSpan.Length);

        // No proxy for an interface with errors.
        Assert.DoesNotContain(result.Sources, s => s.HintName.Contains("IBadGrainProxy", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_every_error_of_an_interface()
    {
        var source = Prelude + """
            public interface IBadGrain : IGrainWithStringKey
            {
                int First();

                Task Second(List<int> items, int[] values);

                Task<Dictionary<string, int>> Third();
            }
            """;

        var result = GeneratorHarness.Run(source);

        Assert.Equal(["PA0001", "PA0002", "PA0002", "PA0003"], result.GeneratorDiagnostics.Select(d => d.Id).Order());
        Assert.DoesNotContain(result.Sources, s => s.HintName.Contains("Proxy", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_a_generic_grain_interface()
    {
        var source = Prelude + """
            public interface IBoxGrain<T> : IGrainWithStringKey
            {
                Task<int> Count();
            }
            """;

        var result = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("PA0004", diagnostic.Id);
        Assert.Equal(source.IndexOf("IBoxGrain", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.Contains("generic", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_grain_class_with_two_public_constructors()
    {
        var source = Prelude + """
            public interface IPairGrain : IGrainWithStringKey
            {
                Task<int> Get();
            }

            public sealed class PairGrain : Grain, IPairGrain
            {
                public PairGrain() { }

                public PairGrain(int start) => _ = start;

                public Task<int> Get() => Task.FromResult(1);
            }
            """;

        var result = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("PA0005", diagnostic.Id);
        Assert.Equal(source.IndexOf("class PairGrain", StringComparison.Ordinal) + "class ".Length, diagnostic.Location.SourceSpan.Start);
        Assert.Contains("'PairGrain' has 2 public constructors", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("AddGrain<global::Sample.PairGrain>", result.AllGeneratedText, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_grain_class_without_a_public_constructor()
    {
        var source = Prelude + """
            public sealed class HiddenGrain : Grain
            {
                private HiddenGrain() { }
            }
            """;

        var diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics);
        Assert.Equal("PA0005", diagnostic.Id);
        Assert.Contains("has no public constructors", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Allows_what_an_immutable_attribute_vouches_for()
    {
        var source = Prelude + """
            [Immutable]
            public sealed class Trusted
            {
                public int Value { get; set; }
            }

            public interface ITrustGrain : IGrainWithStringKey
            {
                Task<Trusted> Get([Immutable] List<int> items, Trusted trusted);

                [return: Immutable]
                Task<List<int>> Items();
            }
            """;

        var result = GeneratorHarness.Run(source);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Accepts_self_referencing_records()
    {
        var source = Prelude + """
            public sealed record Node(string Name, Node? Next, System.Collections.Immutable.ImmutableList<Node> Children);

            public interface ITreeGrain : IGrainWithStringKey
            {
                Task<Node> Root(Node replacement);
            }
            """;

        var result = GeneratorHarness.Run(source);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Reports_mutable_type_arguments_of_immutable_collections()
    {
        var source = Prelude + """
            public interface IListGrain : IGrainWithStringKey
            {
                Task Set(System.Collections.Immutable.ImmutableArray<List<int>> lists);
            }
            """;

        var diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics);
        Assert.Equal("PA0002", diagnostic.Id);
        Assert.Contains("type argument 'List<int>'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }
}
