using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace PartyActors.Silo.WebUi;

/// <summary>
/// The built pages (src/PartyActors.Web, built by vite during the silo's build and embedded in its
/// assembly under <see cref="ResourcePrefix"/>): read once at start, served from memory with an
/// ETag. There are a few hundred kilobytes of them, and embedding keeps one artefact: the silo's
/// assembly serves the same pages from <c>dotnet run</c>, a published folder or a container.
/// </summary>
internal sealed class WebUiFiles
{
    /// <summary>The logical name prefix the project file gives the built files.</summary>
    public const string ResourcePrefix = "webui/";

    private readonly FrozenDictionary<string, WebUiFile> _files;

    public WebUiFiles()
        : this(typeof(WebUiFiles).Assembly)
    {
    }

    public WebUiFiles(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, WebUiFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = name[ResourcePrefix.Length..];
            var contentType = types.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            if (contentType.StartsWith("text/", StringComparison.Ordinal))
            {
                contentType += "; charset=utf-8";
            }

            files[path] = new WebUiFile(bytes, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether the build embedded the pages (it does unless built with <c>-p:BuildWebUi=false</c>).</summary>
    public bool IsBuilt => _files.ContainsKey("index.html");

    /// <summary>The file at <paramref name="path"/> (relative, as vite wrote it: <c>index.html</c>, <c>assets/…</c>).</summary>
    public WebUiFile? Find(string path) => _files.GetValueOrDefault(path);
}

/// <summary>One built file: its bytes, content type and ETag.</summary>
internal sealed record WebUiFile(byte[] Content, string ContentType, string ETag);
