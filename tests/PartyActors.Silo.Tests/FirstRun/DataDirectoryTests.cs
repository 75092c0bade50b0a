namespace PartyActors.Silo.Tests.FirstRun;

/// <summary>Issue 15: the embedded store lives in one documented place, whatever the working directory, and the start-up log names it.</summary>
public sealed class DataDirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("partyactors-data-").FullName;

    [Fact]
    public async Task A_relative_data_source_lives_under_the_local_data_folder_and_is_logged()
    {
        var dataHome = Path.Combine(_directory, "xdg");
        var workingDirectory = Directory.CreateDirectory(Path.Combine(_directory, "elsewhere")).FullName;
        var port = SiloProcessRun.FreePort();
        var url = $"http://127.0.0.1:{port}";
        await using (var silo = SiloProcessRun.Start(
            new Dictionary<string, string> { ["URLS"] = url, ["Storage__Provider"] = "Sqlite", ["XDG_DATA_HOME"] = dataHome },
            workingDirectory: workingDirectory))
        {
            await silo.WaitUntilLiveAsync(new Uri(url), TimeSpan.FromSeconds(90));
            var expected = Path.Combine(dataHome, "PartyActors", "partyactors.db");
            await silo.WaitForOutputAsync(expected, TimeSpan.FromSeconds(30));
            Assert.True(File.Exists(expected), $"No store at {expected}.");
        }

        Assert.False(Directory.Exists(Path.Combine(workingDirectory, "data")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory));
    }

    [Fact]
    public void Absolute_paths_are_kept_and_relative_ones_go_under_the_base()
    {
        var absolute = Path.Combine(_directory, "a.db");
        Assert.Equal(absolute, DataDirectory.Resolve(absolute));
        Assert.Equal(Path.Combine(DataDirectory.Base, "sub", "b.db"), DataDirectory.Resolve(Path.Combine("sub", "b.db")));
        Assert.EndsWith(Path.DirectorySeparatorChar + "PartyActors", DataDirectory.Base, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
