using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PartyActors.Runtime.Generators;

/// <summary>
/// Generates, for every grain and observer interface, a proxy and one invokable per method; and per
/// assembly a module that registers the proxies and the grain classes with their factories.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Only a declaration with a base list can make a type a grain interface or grain class; a partial
        // type is handled once, at the first of its declarations that has a base list.
        var interfaces = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (ctx, ct) =>
                    ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is INamedTypeSymbol symbol && IsFirstDeclaration(symbol, ctx.Node)
                        ? ModelBuilder.BuildInterface(symbol, ct)
                        : null)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName("GrainInterfaces");

        var classes = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (ctx, ct) =>
                    ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is INamedTypeSymbol symbol && IsFirstDeclaration(symbol, ctx.Node)
                        ? ModelBuilder.BuildClass(symbol, ct)
                        : null)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName("GrainClasses");

        context.RegisterSourceOutput(interfaces, static (spc, model) =>
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (!model.HasErrors)
            {
                spc.AddSource(model.HintName, Emitter.EmitProxy(model));
            }
        });

        context.RegisterSourceOutput(classes, static (spc, model) =>
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var registrations = interfaces
            .Where(static m => !m.HasErrors && m.KeyKind != Symbols.KeyKindNone)
            .Select(static (m, _) => new InterfaceRegistration(m.FullName, m.ProxyFullName, m.KeyKind))
            .Collect()
            .WithTrackingName("InterfaceRegistrations");

        var grainClasses = classes
            .Where(static m => !m.HasErrors)
            .Select(static (m, _) => m with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty })
            .Collect()
            .WithTrackingName("GrainClassRegistrations");

        var assemblyName = context.CompilationProvider
            .Select(static (c, _) => c.AssemblyName ?? "Assembly")
            .WithTrackingName("AssemblyName");

        var module = registrations.Combine(grainClasses).Combine(assemblyName)
            .Select(static (input, _) => (
                Interfaces: new EquatableArray<InterfaceRegistration>(input.Left.Left.OrderBy(r => r.FullName, System.StringComparer.Ordinal).ToArray()),
                Classes: new EquatableArray<GrainClassModel>(input.Left.Right.OrderBy(c => c.FullName, System.StringComparer.Ordinal).ToArray()),
                Name: Emitter.SanitizeIdentifier(input.Right) + "GrainModule"))
            .WithTrackingName("GrainModule");

        context.RegisterSourceOutput(module, static (spc, model) =>
        {
            if (model.Interfaces.Length == 0 && model.Classes.Length == 0)
            {
                return;
            }

            spc.AddSource("PartyActors.GrainModule.g.cs", Emitter.EmitModule(model.Name, model.Interfaces, model.Classes));
        });
    }

    private static bool IsFirstDeclaration(INamedTypeSymbol symbol, SyntaxNode node)
    {
        if (symbol.DeclaringSyntaxReferences.Length == 1)
        {
            return true;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is BaseTypeDeclarationSyntax { BaseList: not null } declaration)
            {
                return declaration == node;
            }
        }

        return false;
    }
}
