using System.Globalization;
using System.Text.Json;
using static PartyActors.Silo.Tests.Deploy.DeployFiles;

namespace PartyActors.Silo.Tests.Deploy;

/// <summary>deploy/Dockerfile: it publishes the silo, runs the assembly that builds, and opens the ports the settings name.</summary>
public sealed class DockerfileTests
{
    private static List<Instruction> Instructions => Image.Instructions;

    [Fact]
    public void It_publishes_the_silo_project_and_runs_the_assembly_that_builds()
    {
        var publish = Assert.Single(Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var words = publish.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var project = words[Array.IndexOf(words, "publish") + 1];
        Assert.True(File.Exists(PathOf(project)), $"The Dockerfile publishes {project}, which does not exist.");
        Assert.Equal("src/PartyActors.Silo/PartyActors.Silo.csproj", project);
        Assert.Contains("Release", words);
        var output = words[Array.IndexOf(words, "-o") + 1];

        var assembly = typeof(Program).Assembly.GetName().Name + ".dll";
        var entrypoint = JsonSerializer.Deserialize<string[]>(Assert.Single(Instructions, i => i.Keyword == "ENTRYPOINT").Arguments)!;
        Assert.Equal(["dotnet", assembly], entrypoint);

        // The web pages are built with Node.js in a stage of their own and embedded by the publish;
        // the runtime stage takes the published folder, from the build stage, into its working directory.
        var stages = Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        Assert.Equal(3, stages.Count);
        Assert.StartsWith("node:", stages[0], StringComparison.Ordinal);
        Assert.EndsWith(" AS web", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[1], StringComparison.Ordinal);
        Assert.EndsWith(" AS build", stages[1], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[2], StringComparison.Ordinal);
        Assert.Contains(Instructions, i => i.Keyword == "COPY" && i.Arguments == $"--from=build {output} .");
        var pages = words.Single(w => w.StartsWith("-p:WebUiPrebuilt=", StringComparison.Ordinal))["-p:WebUiPrebuilt=".Length..];
        Assert.Contains(Instructions, i => i.Keyword == "COPY" && i.Arguments == $"--from=web {pages} {pages}");
    }

    [Fact]
    public void It_copies_every_project_the_silo_references_before_restoring()
    {
        var restore = Instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0);
        var copied = Instructions.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).ToList();
        foreach (var project in SiloProjectClosure())
        {
            Assert.Contains(project, copied);
        }

        Assert.Contains("Directory.Packages.props", copied);
        Assert.Contains("Directory.Build.props", copied);
    }

    [Fact]
    public void Its_environment_is_read_by_the_silo_and_not_overridden()
    {
        Assert.NotEmpty(Image.Environment);
        Assert.Empty(Problems(Image.Environment.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))));

        // appsettings.json names no address, so the standard variables take effect (issue 15).
        Assert.Empty(Problems([new("ASPNETCORE_URLS", "http://+:8080")]));
        Assert.Empty(Problems([new("ASPNETCORE_HTTP_PORTS", "8080")]));
    }

    [Fact]
    public void It_exposes_and_checks_the_ports_the_settings_open()
    {
        var empty = new Dictionary<string, string?>();
        var http = Assert.Single(UrlPorts(Effective("Urls", empty)!));
        var silo = int.Parse(Effective("Cluster:SiloPort", empty)!, CultureInfo.InvariantCulture);
        var gateway = int.Parse(Effective("Cluster:GatewayPort", empty)!, CultureInfo.InvariantCulture);
        var exposed = Instructions.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ')).Select(p => int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture));
        Assert.Equal(new[] { http, silo, gateway }.Order(), exposed.Order());

        var check = Assert.Single(Instructions, i => i.Keyword == "HEALTHCHECK").Arguments;
        Assert.Contains($"http://127.0.0.1:{http}/health/ready", check, StringComparison.Ordinal);
        Assert.Contains(Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("install -y --no-install-recommends curl", StringComparison.Ordinal));

        var user = Assert.Single(Instructions, i => i.Keyword == "USER").Arguments;
        Assert.DoesNotContain(user, new[] { "root", "0" });
        Assert.Contains(Instructions, i => i.Keyword == "VOLUME" && i.Arguments == "/app/data");
        Assert.Equal("/app/data/partyactors.db", Effective("Storage:SqliteDataSource", empty));
        Assert.Equal("/app", Instructions.Last(i => i.Keyword == "WORKDIR").Arguments);
    }

    [Fact]
    public void The_build_context_keeps_what_the_build_copies()
    {
        var ignored = Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        var sources = Instructions.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ')[..^1]);
        foreach (var source in sources)
        {
            var top = source.Split('/')[0];
            Assert.DoesNotContain(ignored, pattern => pattern.TrimEnd('/') == top || (pattern.StartsWith("*.", StringComparison.Ordinal) && source.EndsWith(pattern[1..], StringComparison.Ordinal)));
            Assert.True(File.Exists(PathOf(source)) || Directory.Exists(PathOf(source)), $"COPY {source}: no such file.");
        }
    }
}
