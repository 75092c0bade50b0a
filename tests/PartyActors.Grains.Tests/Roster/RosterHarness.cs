using System.Text;
using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Tests.Roster;

/// <summary>
/// A domain silo with roster batches, whose store, logs and reminders are instances kept across
/// restarts and crashes (what a durable store would keep), and the calls roster tests make most.
/// </summary>
internal sealed class RosterHarness : IAsyncDisposable
{
    public static readonly RosterCaller Admin = new("integration-admin", ["admin"], null);

    private RosterHarness(DomainHarness domain, RosterOptions options)
    {
        Domain = domain;
        Options = options;
    }

    public DomainHarness Domain { get; }

    public RosterOptions Options { get; }

    /// <summary>The batches' logs, when the harness keeps them in memory (no <c>storage</c> given).</summary>
    public IGrainLogStorage Logs => Domain.Store ?? throw new InvalidOperationException("The harness runs on another store.");

    public IGrainFactory Factory => Domain.Factory;

    /// <param name="storage">Another store (state, logs and reminders) instead of the shared in-memory instances.</param>
    /// <param name="time">The silo's clock (a <c>FakeTimeProvider</c> for retention).</param>
    public static async Task<RosterHarness> StartAsync(
        Action<RosterOptions>? configure = null, Action<ISiloBuilder>? silo = null, Action<ISiloBuilder>? storage = null, TimeSpan? cadence = null,
        TimeProvider? time = null)
    {
        var options = new RosterOptions { ResumePeriod = TimeSpan.FromSeconds(1), ExpiryCheckPeriod = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        var domain = await DomainHarness.StartAsync(cadence: cadence, time: time, storage: storage, silo: builder =>
        {
            builder.AddRosterBatches(o => Copy(options, o));
            silo?.Invoke(builder);
        });
        return new RosterHarness(domain, options);
    }

    public IRosterBatchGrain Batch(string id) => Factory.GetGrain<IRosterBatchGrain>(id);

    public Task<RosterUploadResult> PushAsync(
        string text, RosterFormat format = RosterFormat.Ndjson, string key = "key-1", RosterCaller? caller = null, RosterCharset charset = RosterCharset.Utf8) =>
        PushAsync(charset.Encoding().GetBytes(text), format, key, caller, charset);

    public async Task<RosterUploadResult> PushAsync(
        byte[] body, RosterFormat format = RosterFormat.Ndjson, string key = "key-1", RosterCaller? caller = null, RosterCharset charset = RosterCharset.Utf8)
    {
        using var stream = new MemoryStream(body);
        return await RosterUpload.UploadAsync(Factory, new RosterUploadRequest(key, caller ?? Admin, format, charset), stream, Options);
    }

    /// <summary>Pushes a roster and waits until its batch completes.</summary>
    public async Task<RosterBatchProgress> ImportAsync(
        string text, RosterFormat format = RosterFormat.Ndjson, string key = "key-1", RosterCaller? caller = null, RosterCharset charset = RosterCharset.Utf8) =>
        await CompletedAsync((await PushAsync(text, format, key, caller, charset)).BatchId);

    public async Task<RosterBatchProgress> CompletedAsync(string batchId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await Batch(batchId).GetProgress() is { Status: RosterBatchStatus.Completed } progress)
            {
                return progress;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Batch {batchId} did not complete: {await Batch(batchId).GetProgress()}");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>What the tree and members look like: every organization's place and roll-up, every member's profile.</summary>
    public async Task<string> DescribeAsync(IEnumerable<string> orgIds, IEnumerable<string> memberIds)
    {
        var text = new StringBuilder();
        foreach (var id in orgIds)
        {
            var details = await Domain.Org(id).GetDetails();
            text.AppendLine(details is null ? $"{id}: none" : $"{id}: {details.Name}|{details.Kind}|{details.ParentId}|{details.Rollup.Metrics}");
        }

        foreach (var id in memberIds)
        {
            var d = await Domain.Member(id).GetDetails();
            text.AppendLine(d is null ? $"{id}: none" : $"{id}: {d.Name}|{d.Status}|{d.Category}|{d.OrgId}|{d.ResidenceGridId}|{d.Gender}|{d.BirthYear}|{d.JoinedOn}|{d.Phone}|{d.IdNumber}|{string.Join(';', d.Skills)}|{d.ReportedIn?.GridId}");
        }

        return text.ToString();
    }

    /// <summary>The recount oracle for a district imported from its roster (a demo district's roster holds no report-ins).</summary>
    public static RollupModel ModelOf(DemoDistrict district)
    {
        var model = new RollupModel();
        foreach (var org in district.Organizations)
        {
            model.Orgs[org.Id] = (org.Definition.ParentId, org.Definition.Kind);
        }

        foreach (var (id, p) in district.Members)
        {
            model.Members[id] = new ModelMember(p.Status, p.Category, p.OrgId, p.ResidenceGridId, null);
        }

        return model;
    }

    public static byte[] Ndjson(DemoDistrict district)
    {
        var text = new StringWriter();
        RosterWriter.WriteNdjson(district, text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string[] Codes(RosterBatchProgress progress) => [.. progress.Errors.Select(e => $"{e.Line}:{e.Code}")];

    public ValueTask DisposeAsync() => Domain.DisposeAsync();

    private static void Copy(RosterOptions from, RosterOptions to)
    {
        to.MaxUploadBytes = from.MaxUploadBytes;
        to.MaxLineBytes = from.MaxLineBytes;
        to.AppendChunkLines = from.AppendChunkLines;
        to.ReadPageLines = from.ReadPageLines;
        to.MaxInFlight = from.MaxInFlight;
        to.CheckpointEveryLines = from.CheckpointEveryLines;
        to.ResumePeriod = from.ResumePeriod;
        to.TransientRetries = from.TransientRetries;
        to.TransientRetryDelay = from.TransientRetryDelay;
        to.Retention = from.Retention;
        to.ExpiryCheckPeriod = from.ExpiryCheckPeriod;
    }
}
