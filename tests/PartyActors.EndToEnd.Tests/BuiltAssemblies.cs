using System.Reflection;

namespace PartyActors.EndToEnd;

/// <summary>
/// Where the build put the silo and the CLI: the project file records their output paths as assembly
/// metadata, so the processes started are the ones <c>dotnet build PartyActors.sln -c …</c> just made.
/// (Linked into the benchmarks, whose project file records the same keys.)
/// </summary>
internal static class BuiltAssemblies
{
    public static string Silo => Find("PartyActors.Silo");

    public static string Cli => Find("partyactors");

    private static string Find(string key)
    {
        var path = typeof(BuiltAssemblies).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"The project file records no path for '{key}' (AssemblyMetadata).");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} does not exist: build the solution first (dotnet build PartyActors.sln -c Release).", path);
    }
}
