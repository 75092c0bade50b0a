using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Tests;

/// <summary>How the failures a grain call can meet in a cluster are answered: never a 500.</summary>
public sealed class GrainFailureTests
{
    public static TheoryData<Exception> Unreachable() => new()
    {
        // A call to a grain on a silo that crashed and is not yet declared dead (Orleans alone creates these).
        (Exception)Activator.CreateInstance(typeof(OrleansMessageRejectionException), BindingFlags.NonPublic | BindingFlags.Instance, null,
            ["Unable to connect to S127.0.0.1:11111:0"], CultureInfo.InvariantCulture)!,
        // A call to a silo that is stopping, or a frontend with no gateway left.
        new SiloUnavailableException(),
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void An_unreachable_silo_is_a_503_with_retry_after(Exception exception)
    {
        var http = new DefaultHttpContext();
        var problem = Problems.FromException(exception, http);
        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("silo-unavailable", problem.ProblemDetails.Extensions["code"]);
        Assert.False(string.IsNullOrEmpty(http.Response.Headers.RetryAfter), "Retry-After");
    }

    [Fact]
    public void A_store_version_that_moved_under_a_grain_is_a_503_to_retry_not_a_conflict_of_the_client()
    {
        var http = new DefaultHttpContext();
        var problem = Problems.FromException(new Orleans.Storage.InconsistentStateException("etag mismatch"), http);
        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("concurrent-change", problem.ProblemDetails.Extensions["code"]);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
    }
}
