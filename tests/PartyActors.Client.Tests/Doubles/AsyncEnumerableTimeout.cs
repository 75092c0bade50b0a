using System.Runtime.CompilerServices;

namespace PartyActors.Client.Tests;

internal static class AsyncEnumerableTimeout
{
    /// <summary>Fails with a TimeoutException instead of hanging the test run when a stream stalls.</summary>
    public static async IAsyncEnumerable<T> WithTimeout<T>(this IAsyncEnumerable<T> source, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = source.GetAsyncEnumerator(cancellationToken);
        while (await enumerator.MoveNextAsync().AsTask().WaitAsync(timeout, cancellationToken))
        {
            yield return enumerator.Current;
        }
    }
}
