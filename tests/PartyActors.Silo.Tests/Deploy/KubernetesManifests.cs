using System.Globalization;
using static PartyActors.Silo.Tests.Deploy.DeployFiles;

namespace PartyActors.Silo.Tests.Deploy;

/// <summary>deploy/k8s read as data: the manifests kustomization.yaml lists, plus the Secret template.</summary>
internal sealed class KubernetesManifests
{
    public const string Folder = "deploy/k8s";
    public const string SecretTemplate = "secret.example.yaml";

    /// <summary>One object of a manifest file.</summary>
    public sealed record Manifest(string File, Dictionary<string, object?> Object)
    {
        public string Kind => Text(Object, "kind") ?? string.Empty;

        public string Name => Text(Object, "metadata", "name") ?? string.Empty;
    }

    /// <summary>A probe's HTTP GET: which probe, the path and the port as written (a number or a port's name).</summary>
    public sealed record Probe(string Kind, string Path, string Port);

    /// <summary>A container of a workload, with the environment it gets (envFrom, then env over it).</summary>
    public sealed record Container(
        Manifest Workload,
        string Name,
        Dictionary<string, string?> Environment,
        Dictionary<string, object?> Definition,
        Dictionary<string, int> Ports,
        List<Probe> Probes)
    {
        public string Where => $"{Workload.Kind} {Workload.Name}, container {Name}";

        /// <summary>The port number a probe or Service names (a number, or a container port's name).</summary>
        public int Resolve(string port) =>
            int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : Ports.TryGetValue(port, out number) ? number
            : throw new Xunit.Sdk.XunitException($"{Where} has no port named '{port}'.");
    }

    private readonly Func<string, string> _read;

    public KubernetesManifests(Func<string, string>? read = null)
    {
        _read = read ?? (relative => Read(relative));
        Kustomization = Map(Assert.Single(YamlDocuments(_read($"{Folder}/kustomization.yaml"))), "kustomization.yaml");
        Resources = ListOrEmpty(Kustomization["resources"]).Cast<string>().ToList();
        Manifests = Resources.SelectMany(Load).ToList();
        SecretTemplates = Load(SecretTemplate).ToList();
    }

    public Dictionary<string, object?> Kustomization { get; }

    public List<string> Resources { get; }

    /// <summary>What <c>kubectl apply -k</c> applies.</summary>
    public List<Manifest> Manifests { get; }

    /// <summary>secret.example.yaml: applied by hand, with real values.</summary>
    public List<Manifest> SecretTemplates { get; }

    private IEnumerable<Manifest> Load(string file) =>
        YamlDocuments(_read($"{Folder}/{file}")).Where(d => d is not null).Select(d => new Manifest(file, Map(d, file)));

    public Manifest Single(string kind, string name) => Manifests.Single(m => m.Kind == kind && m.Name == name);

    public IEnumerable<Manifest> Workloads => Manifests.Where(m => m.Kind is "StatefulSet" or "Deployment" or "Job");

    public static Dictionary<string, object?> PodTemplate(Manifest workload) => Map(At(workload.Object, "spec", "template"), workload.Name + " template");

    public static Dictionary<string, string?> PodLabels(Manifest workload) =>
        MapOrEmpty(At(PodTemplate(workload), "metadata", "labels")).ToDictionary(p => p.Key, p => p.Value as string, StringComparer.Ordinal);

    /// <summary>Every container (init containers too) of every workload.</summary>
    public List<Container> Containers() => Workloads.SelectMany(workload =>
    {
        var spec = At(PodTemplate(workload), "spec");
        return ListOrEmpty(At(spec, "initContainers")).Concat(ListOrEmpty(At(spec, "containers")))
            .Select(c => ContainerOf(workload, Map(c, workload.Name + " container")));
    }).ToList();

    private Container ContainerOf(Manifest workload, Dictionary<string, object?> container)
    {
        var name = Text(container, "name") ?? string.Empty;
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var source in ListOrEmpty(At(container, "envFrom")))
        {
            if (Text(source, "configMapRef", "name") is { } configMap)
            {
                var map = Manifests.SingleOrDefault(m => m.Kind == "ConfigMap" && m.Name == configMap)
                    ?? throw new Xunit.Sdk.XunitException($"{workload.Name}/{name} reads ConfigMap {configMap}, which kustomization.yaml does not apply.");
                foreach (var (key, value) in MapOrEmpty(At(map.Object, "data")))
                {
                    environment[key] = value as string;
                }
            }

            if (Text(source, "secretRef", "name") is { } secretName)
            {
                var secret = SecretTemplates.SingleOrDefault(m => m.Kind == "Secret" && m.Name == secretName)
                    ?? throw new Xunit.Sdk.XunitException($"{workload.Name}/{name} reads Secret {secretName}, which {SecretTemplate} does not describe.");
                foreach (var (key, value) in MapOrEmpty(At(secret.Object, "stringData")).Concat(MapOrEmpty(At(secret.Object, "data"))))
                {
                    environment[key] = value as string;
                }
            }
        }

        foreach (var variable in ListOrEmpty(At(container, "env")))
        {
            environment[Text(variable, "name")!] = Text(variable, "value") ?? ValueFrom(variable);
        }

        var ports = ListOrEmpty(At(container, "ports")).Where(p => Text(p, "name") is not null)
            .ToDictionary(p => Text(p, "name")!, p => int.Parse(Text(p, "containerPort")!, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var probes = new[] { "startupProbe", "readinessProbe", "livenessProbe" }
            .Where(kind => At(container, kind) is not null)
            .Select(kind => new Probe(kind, Text(container, kind, "httpGet", "path") ?? string.Empty, Text(container, kind, "httpGet", "port") ?? string.Empty))
            .ToList();
        return new Container(workload, name, environment, container, ports, probes);
    }

    /// <summary>A value from the downward API, written as <c>fieldRef:metadata.name</c>; other sources as their kind.</summary>
    private static string? ValueFrom(object? variable) =>
        Text(variable, "valueFrom", "fieldRef", "fieldPath") is { } field ? "fieldRef:" + field
        : At(variable, "valueFrom") is Dictionary<string, object?> from ? from.Keys.FirstOrDefault()
        : null;
}
