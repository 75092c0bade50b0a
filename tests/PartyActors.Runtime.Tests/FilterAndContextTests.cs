using System.Collections.Concurrent;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

public sealed class FilterAndContextTests
{
    [Fact]
    public async Task RequestContext_flows_from_the_caller_along_the_call_chain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IContextGrain>("a");

        RequestContext.Set("tenant", "erqi");
        try
        {
            Assert.Equal("erqi", await grain.Read("tenant"));
            Assert.Equal("erqi", await grain.ReadThrough("b", "tenant"));
        }
        finally
        {
            RequestContext.Clear();
        }

        Assert.Null(await grain.Read("tenant"));
    }

    [Fact]
    public async Task A_value_set_by_a_callee_flows_onward_but_never_back_to_the_caller()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IContextGrain>("c");

        Assert.Equal("inner", await grain.SetAndCall("d", "k", "inner"));
        Assert.Null(RequestContext.Get("k"));
        Assert.Null(await grain.Read("k"));
    }

    [Fact]
    public async Task Incoming_filters_see_every_call_in_order_and_can_replace_the_result()
    {
        var seen = new ConcurrentQueue<string>();
        await using var cluster = await TestClusters.StartAsync(silo: s => s
            .AddIncomingGrainCallFilter(async context =>
            {
                seen.Enqueue($"outer>{context.InterfaceType.Name}.{context.MethodName}({context.Request.GetArgument(0)})");
                await context.Invoke();
                seen.Enqueue($"outer<{context.Result}");
            })
            .AddIncomingGrainCallFilter(async context =>
            {
                await context.Invoke();
                if (context.Result is int value)
                {
                    context.Result = value * 10;
                }
            }));
        var grain = cluster.GrainFactory.GetGrain<IContextGrain>("f");

        Assert.Equal(70, await grain.Echo(7));
        Assert.Equal(["outer>IContextGrain.Echo(7)", "outer<70"], seen);
    }

    [Fact]
    public async Task A_filter_that_throws_fails_the_call_without_running_the_method()
    {
        await using var cluster = await TestClusters.StartAsync(silo: s => s.AddIncomingGrainCallFilter(context =>
            context.MethodName == "Echo" ? throw new UnauthorizedAccessException("not in scope") : context.Invoke()));
        var grain = cluster.GrainFactory.GetGrain<IContextGrain>("g");

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => grain.Echo(1));
        Assert.Equal("not in scope", error.Message);
        Assert.Null(await grain.Read("x"));
    }

    [Fact]
    public async Task A_one_way_call_returns_before_the_method_runs()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IOneWayGrain>("o");

        var fired = grain.Fire(5);

        Assert.True(fired.IsCompletedSuccessfully);
        Assert.Equal(5, await grain.Last());
    }
}
