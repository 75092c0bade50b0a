using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.RateLimiting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Dashboard;
using Microsoft.Extensions.Options;
using PartyActors.Grains;
using PartyActors.Silo.Assessments;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.CoBuilding;
using PartyActors.Silo.Commitments;
using PartyActors.Silo.Dashboard;
using PartyActors.Silo.Errands;
using PartyActors.Silo.Http;
using PartyActors.Silo.Life;
using PartyActors.Silo.Lists;
using PartyActors.Silo.Members;
using PartyActors.Silo.Operations;
using PartyActors.Silo.Organizations;
using PartyActors.Silo.Points;
using PartyActors.Silo.Projects;
using PartyActors.Silo.ReportIns;
using PartyActors.Silo.Reports;
using PartyActors.Silo.Requests;
using PartyActors.Silo.Rewards;
using PartyActors.Silo.Reshaping;
using PartyActors.Silo.Roster;
using PartyActors.Silo.Streams;
using PartyActors.Silo.WebUi;

namespace PartyActors.Silo;

/// <summary>The composition of the process: Program.cs calls these four, in this order.</summary>
internal static class PartyActorsHosting
{
    /// <summary>Section of <see cref="RollupOptions"/> (cadence, reconciliation, observer expiry).</summary>
    public const string RollupsSection = "Rollups";

    /// <summary>Section of the roster batches' options (pipeline width, checkpoints, body limit).</summary>
    public const string RosterSection = "Roster";

    /// <summary>
    /// The Orleans side of the process, by <see cref="ClusterSettings.Role"/>: a silo hosting the
    /// grains (<see cref="AddPartyActorsSilo"/>), or a frontend calling them as an Orleans client
    /// (<see cref="AddPartyActorsFrontend"/>). The HTTP API on top is the same either way.
    /// </summary>
    public static StorageSettings AddPartyActorsHost(this IHostApplicationBuilder builder)
    {
        var storage = StorageSettings.From(builder.Configuration, builder.Environment);
        var cluster = ClusterSettings.From(builder.Configuration);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(cluster);
        if (cluster.IsFrontend)
        {
            builder.AddPartyActorsFrontend(cluster, storage);
        }
        else
        {
            builder.AddPartyActorsSilo(cluster, storage);
        }

        return storage;
    }

    /// <summary>
    /// The Orleans silo, in this process: cluster membership (<see cref="ClusterSettings"/>), the
    /// configured store, the domain grains (<see cref="RollupOptions"/> from <c>Rollups</c>), roster
    /// batches, the schedule of periodic reports (<see cref="ReportOptions"/> from <c>Reports</c>), the
    /// Orleans Dashboard's data collection, and the demo district on an empty store.
    /// </summary>
    private static void AddPartyActorsSilo(this IHostApplicationBuilder builder, ClusterSettings cluster, StorageSettings storage)
    {
        var rollups = builder.Configuration.GetSection(RollupsSection);
        var roster = builder.Configuration.GetSection(RosterSection);
        var reports = builder.Configuration.GetSection(ReportOptions.Section);
        var life = builder.Configuration.GetSection(LifeOptions.Section);
        builder.UseOrleans(silo =>
        {
            cluster.Apply(silo, storage);
            silo.AddConfiguredStorage(storage)
                .AddDomainGrains(options => rollups.Bind(options))
                .AddRosterBatches(options => roster.Bind(options))
                .AddPeriodicReports(options => reports.Bind(options))
                .AddOrganizationalLife(options => life.Bind(options))
                .AddDashboard();
        });
        builder.Services.AddOptions<RollupOptions>().ValidateOnStart();
        builder.Services.AddOptions<PointsOptions>().BindConfiguration(PointsOptions.Section);
        builder.Services.AddOptions<RequestOptions>().BindConfiguration(RequestOptions.Section);
        builder.Services.AddOptions<RewardOptions>().BindConfiguration(RewardOptions.Section);
        builder.Services.AddOptions<ErrandOptions>().BindConfiguration(ErrandOptions.Section);
        builder.Services.AddOptions<ReshapeOptions>().BindConfiguration(ReshapeOptions.Section);
        builder.Services.AddSingleton<StorageProbe>();
        builder.Services.AddSingleton<Readiness, SiloReadiness>();
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        builder.Services.AddHostedService<DemoSeeding>();
    }

    /// <summary>
    /// The stateless frontend: an Orleans client of the cluster's gateways (found in the membership
    /// table, or on loopback with <c>Localhost</c> membership), with the options the API reads and the
    /// dashboard's client side. It hosts no grain and stores nothing.
    /// </summary>
    private static void AddPartyActorsFrontend(this IHostApplicationBuilder builder, ClusterSettings cluster, StorageSettings storage)
    {
        var rollups = builder.Configuration.GetSection(RollupsSection);
        var roster = builder.Configuration.GetSection(RosterSection);
        builder.UseOrleansClient(client =>
        {
            cluster.Apply(client, storage);
            client.AddDomainClient(options => rollups.Bind(options), options => roster.Bind(options))
                .AddDashboard();
        });
        builder.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectionRetry>();
        builder.Services.AddOptions<RollupOptions>().ValidateOnStart();
        builder.Services.AddSingleton<Readiness, FrontendReadiness>();
    }

    /// <summary>The HTTP frontend: JSON, problems, auth, limits, idempotency, streams, operations and OpenAPI.</summary>
    public static IHostApplicationBuilder AddPartyActorsApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHostedService<SettingsCheck>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));

        // Binding failures throw, so the exception handler can answer them as problems naming the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => Problems.Complete(context.ProblemDetails));
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RateLimit.Window > TimeSpan.Zero, "Limits:RateLimit:Window must be positive.").ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureRateLimiting>();
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Ttl > TimeSpan.Zero, "Idempotency:Ttl must be positive.").ValidateOnStart();
        services.AddSingleton<IdempotencyInFlight>();

        services.AddPartyActorsAuth();
        services.AddDashboardAccess();
        services.AddWebUi();

        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StreamOptions>, StreamOptionsValidator>();
        services.AddSingleton<RollupFeeds>();

        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section)
            .Validate(o => o.ReadinessTimeout > TimeSpan.Zero, "Operations:ReadinessTimeout must be positive.").ValidateOnStart();
        var operations = builder.Configuration.GetSection(OperationsOptions.Section).Get<OperationsOptions>() ?? new OperationsOptions();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(SiloMetrics.ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter([.. SiloMetrics.BuiltInMeters, .. operations.AdditionalMeters])
                .AddPrometheusExporter());
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) => metrics.AddView(SiloMetrics.OwnInstrumentsOnly(provider.GetRequiredService<IMeterFactory>())));

        services.AddOpenApi(options => options
            .AddDocumentTransformer<BearerSecurityTransformer>()
            .AddDocumentTransformer<PipelineEndpointsTransformer>()
            .AddSchemaTransformer<ApiSchemaTransformer>()
            .AddOperationTransformer<CsvAnswerTransformer>());
        return builder;
    }

    /// <summary>The middleware, in order: problems for errors, HEAD as GET, docs, routing, body limits, authentication, rate limits, authorization.</summary>
    public static WebApplication UsePartyActorsApi(this WebApplication app)
    {
        // Created now: a generated dev key is logged at start, and the stream gauges are exported (as 0) before the first stream.
        app.Services.GetRequiredService<SigningKeys>();
        app.Services.GetRequiredService<RollupFeeds>();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<HeadRequestsMiddleware>();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "PartyActors API v1");
            options.RoutePrefix = "swagger";
        });
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Every route. API routes live under <c>/api/v1</c>, need a bearer token (unless marked anonymous),
    /// and run through the audit (writes), idempotency (writes with the header) and grain-error filters.
    /// </summary>
    public static WebApplication MapPartyActorsApi(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization()
            .WithRequestBodyLimit(limits.MaxRequestBodyBytes)
            .AddEndpointFilter<AuditFilter>()
            .AddEndpointFilter<IdempotencyFilter>()
            .AddEndpointFilter<GrainErrorFilter>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapAuthApi();
        api.MapOrganizationsApi();
        api.MapRollupStreamApi();
        api.MapMembersApi();
        api.MapMemberStatusApi();
        api.MapCommitmentsApi();
        api.MapProjectsApi();
        api.MapPointsRulesApi();
        api.MapRankingsApi();
        api.MapAssessmentsApi();
        api.MapOrganizationReportInApi();
        api.MapServiceFeedbackApi();
        api.MapReportsApi();
        api.MapLifeApi();
        api.MapAuditApi();
        api.MapRosterApi();
        api.MapResidentRequestsApi();
        api.MapErrandsApi();
        api.MapListsApi();
        api.MapMemberCommitmentsApi();
        api.MapMemberRankApi();
        api.MapRewardsApi();
        api.MapCoBuildingApi();
        api.MapWebUiApi();
        api.MapReshapingApi();

        app.MapOperationsApi();
        app.MapOperatorDashboard();
        app.MapWebUi();
        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();

        var storage = app.Services.GetRequiredService<StorageSettings>();
        var cluster = app.Services.GetRequiredService<ClusterSettings>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (cluster.IsFrontend)
            {
                app.Logger.LogInformation("PartyActors frontend listening on {Urls}, calling cluster {ClusterId}", string.Join(", ", app.Urls), cluster.ClusterId);
            }
            else
            {
                app.Logger.LogInformation("PartyActors silo listening on {Urls}, storing in {Store}", string.Join(", ", app.Urls), storage.Description);
            }
        });
        return app;
    }
}
