using System.Globalization;
using static PartyActors.Silo.Tests.Deploy.DeployFiles;
using static PartyActors.Silo.Tests.Deploy.KubernetesManifests;

namespace PartyActors.Silo.Tests.Deploy;

/// <summary>deploy/k8s: the manifests exist, pass the silo only what it reads, and agree on ports, labels and timeouts.</summary>
public sealed class KubernetesTests
{
    private static readonly KubernetesManifests Cluster = new();

    private static List<string> ProblemsOf(KubernetesManifests manifests) =>
        manifests.Containers().SelectMany(c => Problems(c.Environment).Select(p => $"{c.Where}: {p}")).ToList();

    [Fact]
    public void The_kustomization_lists_every_manifest_and_each_exists()
    {
        foreach (var resource in Cluster.Resources)
        {
            Assert.True(File.Exists(PathOf($"{Folder}/{resource}")), $"kustomization.yaml lists {resource}, which does not exist.");
        }

        var onDisk = Directory.GetFiles(PathOf(Folder), "*.yaml").Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not "kustomization.yaml" and not SecretTemplate).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, Cluster.Resources.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(SecretTemplate, Cluster.Resources);
        Assert.DoesNotContain(Cluster.Manifests, m => m.Kind == "Secret");
        Assert.DoesNotContain(Cluster.Manifests, m => At(m.Object, "metadata", "namespace") is not null);
        Assert.Equal(
            ["ConfigMap", "Deployment", "Job", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount", "StatefulSet"],
            Cluster.Manifests.Select(m => m.Kind).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_variable_and_ConfigMap_key_passed_to_the_silo_is_a_setting_it_reads()
    {
        var containers = Cluster.Containers();
        Assert.Equal(["frontend", "migrate", "silo"], containers.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(containers, c => Assert.Contains("Auth__SigningKey", c.Environment.Keys));
        Assert.All(containers, c => Assert.Contains("Storage__PostgresConnectionString", c.Environment.Keys));
        Assert.Empty(ProblemsOf(Cluster));
    }

    [Theory]
    [InlineData("configmap.yaml", "Storage__Provider:", "Storage__Provder:", "Storage__Provder")]
    [InlineData("configmap.yaml", "Cluster__SiloPort:", "Cluster__SiloProt:", "Cluster__SiloProt")]
    [InlineData("silo-statefulset.yaml", "name: Cluster__Kubernetes", "name: Cluster__Kubernetis", "Cluster__Kubernetis")]
    [InlineData("silo-statefulset.yaml", "name: POD_NAMESPACE", "name: POD_NAMESPCE", "POD_NAMESPCE")]
    [InlineData("frontend-deployment.yaml", "name: Cluster__Role", "name: Clustr__Role", "Clustr__Role")]
    [InlineData("secret.example.yaml", "Auth__SigningKey:", "Auth__SignKey:", "Auth__SignKey")]
    public void A_misspelt_key_is_caught(string file, string spelling, string misspelling, string reported)
    {
        Assert.Contains(spelling, Read($"{Folder}/{file}"), StringComparison.Ordinal);
        var misspelt = new KubernetesManifests(relative => relative == $"{Folder}/{file}"
            ? Read(relative).Replace(spelling, misspelling, StringComparison.Ordinal)
            : Read(relative));
        Assert.Contains(ProblemsOf(misspelt), p => p.Contains(reported, StringComparison.Ordinal));
    }

    [Fact]
    public void Probes_and_Services_reach_the_port_Urls_opens()
    {
        foreach (var container in Cluster.Containers().Where(c => c.Name != "migrate"))
        {
            var urls = Effective("Urls", container.Environment);
            Assert.NotNull(urls);
            var http = Assert.Single(UrlPorts(urls));
            Assert.Equal(http, container.Ports["http"]);
            Assert.Equal(["livenessProbe", "readinessProbe", "startupProbe"], container.Probes.Select(p => p.Kind).Order(StringComparer.Ordinal));
            foreach (var probe in container.Probes)
            {
                Assert.True(http == container.Resolve(probe.Port), $"{container.Where}: {probe.Kind} hits port {probe.Port}, Urls opens {http}.");
                Assert.Equal(probe.Kind == "readinessProbe" ? "/health/ready" : "/health/live", probe.Path);
            }
        }

        foreach (var service in Cluster.Manifests.Where(m => m.Kind == "Service"))
        {
            var selector = MapOrEmpty(At(service.Object, "spec", "selector"));
            var selected = Cluster.Containers().Where(c => selector.All(s => PodLabels(c.Workload).GetValueOrDefault(s.Key) == (string?)s.Value)).ToList();
            Assert.NotEmpty(selected);
            foreach (var port in ListOrEmpty(At(service.Object, "spec", "ports")))
            {
                var target = Text(port, "targetPort") ?? Text(port, "port")!;
                Assert.All(selected, c => Assert.True(c.Ports.ContainsKey(target) || c.Ports.ContainsValue(c.Resolve(target)), $"Service {service.Name}: {c.Where} has no port {target}."));
            }
        }
    }

    [Fact]
    public void Silo_ports_are_the_ones_the_settings_open()
    {
        var silo = Cluster.Containers().Single(c => c.Name == "silo");
        Assert.Equal(int.Parse(Effective("Cluster:SiloPort", silo.Environment)!, CultureInfo.InvariantCulture), silo.Ports["silo"]);
        Assert.Equal(int.Parse(Effective("Cluster:GatewayPort", silo.Environment)!, CultureInfo.InvariantCulture), silo.Ports["gateway"]);
    }

    [Fact]
    public void Silos_carry_what_Orleans_Kubernetes_hosting_reads()
    {
        var statefulSet = Cluster.Single("StatefulSet", "partyactors-silo");
        var silo = Cluster.Containers().Single(c => c.Name == "silo");
        var labels = PodLabels(statefulSet);

        // The labels Orleans finds silo pods by carry the cluster's identity, the same the silo is configured with.
        Assert.Equal(Effective("Cluster:ServiceId", silo.Environment), labels["orleans/serviceId"]);
        Assert.Equal(Effective("Cluster:ClusterId", silo.Environment), labels["orleans/clusterId"]);
        Assert.Equal("fieldRef:metadata.labels['orleans/serviceId']", silo.Environment["ORLEANS_SERVICE_ID"]);
        Assert.Equal("fieldRef:metadata.labels['orleans/clusterId']", silo.Environment["ORLEANS_CLUSTER_ID"]);
        Assert.Equal("fieldRef:metadata.name", silo.Environment["POD_NAME"]);
        Assert.Equal("fieldRef:metadata.namespace", silo.Environment["POD_NAMESPACE"]);
        Assert.Equal("fieldRef:status.podIP", silo.Environment["POD_IP"]);
        Assert.Equal("true", silo.Environment["Cluster__Kubernetes"]);
        Assert.Equal("AdoNet", Effective("Cluster:Membership", silo.Environment));
        Assert.Equal("Postgres", Effective("Storage:Provider", silo.Environment));

        // Its service account may get, list, watch and delete pods.
        var account = Text(PodTemplate(statefulSet), "spec", "serviceAccountName");
        Assert.Equal(account, Cluster.Single("ServiceAccount", account!).Name);
        var binding = Cluster.Manifests.Single(m => m.Kind == "RoleBinding"
            && ListOrEmpty(At(m.Object, "subjects")).Any(s => Text(s, "kind") == "ServiceAccount" && Text(s, "name") == account));
        var role = Cluster.Single("Role", Text(binding.Object, "roleRef", "name")!);
        var podRules = ListOrEmpty(At(role.Object, "rules")).Where(r => ListOrEmpty(At(r, "resources")).Contains("pods")).ToList();
        Assert.Equal(["delete", "get", "list", "watch"], podRules.SelectMany(r => ListOrEmpty(At(r, "verbs")).Cast<string>()).Distinct().Order(StringComparer.Ordinal));

        // The frontend and the Job are no silos: no Kubernetes hosting, no Orleans labels.
        foreach (var other in Cluster.Containers().Where(c => c.Name != "silo"))
        {
            Assert.DoesNotContain("Cluster__Kubernetes", other.Environment.Keys);
            Assert.DoesNotContain("orleans/serviceId", PodLabels(other.Workload).Keys);
        }

        Assert.Equal("Frontend", Cluster.Containers().Single(c => c.Name == "frontend").Environment["Cluster__Role"]);
    }

    [Fact]
    public void Pods_get_longer_than_the_graceful_stop()
    {
        foreach (var workload in Cluster.Workloads.Where(w => w.Kind != "Job"))
        {
            var grace = int.Parse(Text(PodTemplate(workload), "spec", "terminationGracePeriodSeconds") ?? "30", CultureInfo.InvariantCulture);
            foreach (var container in Cluster.Containers().Where(c => c.Workload == workload))
            {
                var shutdown = int.Parse(Effective("shutdownTimeoutSeconds", container.Environment) ?? "30", CultureInfo.InvariantCulture);
                var preStop = ListOrEmpty(At(container.Definition, "lifecycle", "preStop", "exec", "command")).Cast<string>().ToList();
                var pause = preStop is ["sleep", var seconds] ? int.Parse(seconds, CultureInfo.InvariantCulture) : 0;
                Assert.True(grace > shutdown + pause, $"{container.Where}: terminationGracePeriodSeconds {grace} is not above the {shutdown} s shutdown timeout plus {pause} s preStop.");
            }
        }
    }

    [Fact]
    public void Disruption_budgets_and_the_migration_Job_fit_the_workloads()
    {
        foreach (var budget in Cluster.Manifests.Where(m => m.Kind == "PodDisruptionBudget"))
        {
            var selector = MapOrEmpty(At(budget.Object, "spec", "selector", "matchLabels"));
            Assert.Single(Cluster.Workloads, w => w.Kind != "Job" && selector.All(s => PodLabels(w).GetValueOrDefault(s.Key) == (string?)s.Value));
        }

        Assert.Equal(2, Cluster.Manifests.Count(m => m.Kind == "PodDisruptionBudget"));
        var migrate = Cluster.Containers().Single(c => c.Name == "migrate");
        Assert.Equal(["--migrate"], ListOrEmpty(At(migrate.Definition, "args")).Cast<string>());
        Assert.Equal("OnFailure", Text(PodTemplate(migrate.Workload), "spec", "restartPolicy"));

        // The Secret template holds placeholders only.
        var secret = Assert.Single(Cluster.SecretTemplates);
        Assert.All(MapOrEmpty(At(secret.Object, "stringData")).Values.Cast<string>(), v => Assert.Contains("REPLACE_ME", v, StringComparison.Ordinal));
    }
}
