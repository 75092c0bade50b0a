using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PartyActors.Client.Cli;

/// <summary>The <c>--url</c> and <c>--token</c> options every command shares, and the client they make.</summary>
internal sealed class Connection
{
    public const string UrlVariable = "PARTYACTORS_URL";
    public const string TokenVariable = "PARTYACTORS_TOKEN";
    public const string DefaultUrl = "http://localhost:5080";

    private readonly CliSettings settings;

    public Connection(CliSettings settings)
    {
        this.settings = settings;

        // Defaults are resolved when a command runs rather than through DefaultValueFactory, so
        // that help never prints the token taken from the environment.
        Url = new Option<string?>("--url")
        {
            Description = $"The server's base URL [default: ${UrlVariable}, else {DefaultUrl}]",
            Recursive = true,
        };
        Token = new Option<string?>("--token")
        {
            Description = $"A bearer token (JWT) [default: ${TokenVariable}]",
            Recursive = true,
        };
    }

    public Option<string?> Url { get; }

    public Option<string?> Token { get; }

    /// <summary>The client for this invocation, on an HttpClient the caller disposes.</summary>
    public PartyActorsClient CreateClient(ParseResult parseResult, HttpClient http)
    {
        var url = parseResult.GetValue(Url) ?? settings.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--url must be an absolute http or https URL, not '{url}'.");
        }

        var options = new PartyActorsClientOptions
        {
            BaseAddress = baseAddress,
            AccessToken = parseResult.GetValue(Token) ?? settings.GetEnvironmentVariable(TokenVariable),
            TimeProvider = settings.TimeProvider,
        };
        if (settings.PollInterval is { } pollInterval)
        {
            options = options with { RosterPollInterval = pollInterval };
        }

        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("partyactors-cli", typeof(Connection).Assembly.GetName().Version?.ToString()));
        return new PartyActorsClient(http, options);
    }

    /// <summary>
    /// Runs a command's work and turns the failures a user can meet into a message on stderr and
    /// exit code 1; anything else is a bug and reaches the command line's own handler.
    /// </summary>
    public async Task<int> RunAsync(Func<Task<int>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (PartyActorsApiException e)
        {
            await WriteProblemAsync(e).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await settings.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await settings.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await settings.Error.WriteLineAsync($"error: the server's answer could not be read: {e.Message}").ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await settings.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException e)
        {
            await settings.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            await settings.Error.WriteLineAsync("error: the server did not answer in time.").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await settings.Error.WriteLineAsync("cancelled.").ConfigureAwait(false);
        }

        return ExitCodes.Failure;
    }

    private async Task WriteProblemAsync(PartyActorsApiException e)
    {
        var error = settings.Error;
        var status = (int)e.StatusCode;
        if (e.Problem is null)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        else
        {
            await error.WriteLineAsync($"error: {status} {e.Title ?? e.StatusCode.ToString()}").ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(e.Detail))
            {
                await error.WriteLineAsync($"  {e.Detail}").ConfigureAwait(false);
            }

            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    await error.WriteLineAsync($"  {field}: {message}").ConfigureAwait(false);
                }
            }
        }

        if (e.RetryAfter is { } retryAfter)
        {
            await error.WriteLineAsync($"  the server asks to retry after {Math.Ceiling(retryAfter.TotalSeconds)} s").ConfigureAwait(false);
        }
    }
}

/// <summary>A failure the user can fix, reported as its message alone.</summary>
internal sealed class CliException(string message) : Exception(message);
