using System.Text;

namespace PartyActors.Client;

internal static class UriQuery
{
    /// <summary>The URI with the given parameters as its query; parameters without a value are left out.</summary>
    public static Uri WithQuery(this Uri uri, IEnumerable<(string Name, string? Value)> parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            query.Append(query.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name))
                .Append('=')
                .Append(Uri.EscapeDataString(value));
        }

        return query.Length == 0 ? uri : new Uri(uri.AbsoluteUri + query);
    }
}
