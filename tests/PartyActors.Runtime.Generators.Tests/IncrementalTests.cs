using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PartyActors.Runtime.Generators.Tests;

public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps = ["GrainInterfaces", "GrainClasses", "InterfaceRegistrations", "GrainClassRegistrations", "GrainModule"];

    [Fact]
    public void An_unrelated_edit_leaves_every_output_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation("Sample", Samples.Domain, Samples.Interfaces, Samples.Classes);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Sample.Unrelated; public static class Helper { public static int Twice(int x) => 2 * x; }",
            GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in TrackedSteps)
        {
            var steps = result.TrackedSteps[name];
            Assert.NotEmpty(steps);
            Assert.All(steps.SelectMany(s => s.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Editing_a_grain_method_body_regenerates_nothing()
    {
        var compilation = GeneratorHarness.CreateCompilation("Sample", Samples.Domain, Samples.Interfaces, Samples.Classes);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Samples.Classes.Replace("Task.FromResult(1L)", "Task.FromResult(2L)", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Changing_a_signature_regenerates_that_proxy()
    {
        var compilation = GeneratorHarness.CreateCompilation("Sample", Samples.Domain, Samples.Interfaces, Samples.Classes);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.ElementAt(1);
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Samples.Interfaces.Replace("Task<long> Size();", "Task<long> Size(int depth);", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

        var interfaceOutputs = result.TrackedSteps["GrainInterfaces"].SelectMany(s => s.Outputs).ToArray();
        Assert.Single(interfaceOutputs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Size(int depth)", result.GeneratedSources.Single(s => s.HintName.EndsWith("IGridGrainProxy.g.cs", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }
}
