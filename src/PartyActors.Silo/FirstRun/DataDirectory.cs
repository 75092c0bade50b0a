namespace PartyActors.Silo;

/// <summary>
/// Where the embedded store's file lives when <c>Storage:SqliteDataSource</c> is a relative path:
/// under the platform's local application data folder, in <see cref="FolderName"/>
/// (<c>~/.local/share/PartyActors</c> on Linux, or <c>$XDG_DATA_HOME/PartyActors</c>;
/// <c>~/Library/Application Support/PartyActors</c> on macOS; <c>%LOCALAPPDATA%\PartyActors</c> on
/// Windows). One place whatever the working directory or the build's output folder, so
/// <c>dotnet run</c> from the repository root, from the project folder, or the built assembly all
/// find the same store. An absolute path is used as given (the container image sets one).
/// </summary>
internal static class DataDirectory
{
    public const string FolderName = "PartyActors";

    /// <summary>The folder relative data sources resolve against.</summary>
    public static string Base
    {
        get
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(local))
            {
                throw new InvalidOperationException(
                    "The platform names no local application data folder (is HOME unset?), so a relative Storage:SqliteDataSource has nowhere to go: set it to an absolute path.");
            }

            return Path.Combine(local, FolderName);
        }
    }

    /// <summary>The absolute path of <paramref name="dataSource"/>: itself when absolute, else under <see cref="Base"/>.</summary>
    public static string Resolve(string dataSource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataSource);
        return Path.IsPathRooted(dataSource) ? Path.GetFullPath(dataSource) : Path.GetFullPath(Path.Combine(Base, dataSource));
    }
}
