using System.Text;
using Microsoft.Extensions.Options;

namespace PartyActors.Silo.Auth;

/// <summary>Bearer-token settings, from configuration section <c>Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The prefix that marks <see cref="SigningKey"/> as base64 rather than text.</summary>
    public const string Base64Prefix = "base64:";

    /// <summary>The shortest key HS256 is safe with: 32 bytes (256 bits).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>
    /// Whether <c>POST /api/v1/auth/dev-token</c> mints tokens for anyone who asks: false. On in
    /// <c>appsettings.Development.json</c> (the embedded demo); refused at start-up in Production.
    /// </summary>
    public bool DevTokens { get; set; }

    /// <summary>The <c>iss</c> every token must carry (and dev tokens get): <c>partyactors</c>.</summary>
    public string Issuer { get; set; } = "partyactors";

    /// <summary>The <c>aud</c> every token must carry (and dev tokens get): <c>partyactors-api</c>.</summary>
    public string Audience { get; set; } = "partyactors-api";

    /// <summary>
    /// The HS256 key tokens are signed with: UTF-8 text, or base64 after a <c>base64:</c> prefix; at
    /// least 32 bytes either way. Required unless <see cref="DevTokens"/> is on, when a random key is
    /// generated at start (and tokens die with the process).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a dev token lasts: 8 hours, a working day of demo.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How far token lifetimes may disagree with this silo's clock: 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a scope check may trust a remembered parent link: 5 seconds. Moves made through this
    /// silo forget the link at once; a move made elsewhere is seen after at most this long.
    /// 0 asks the tree every time.
    /// </summary>
    public TimeSpan ScopeCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The key bytes of <see cref="SigningKey"/>; null when none is configured. Throws <see cref="FormatException"/> on bad base64.</summary>
    public byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrEmpty(SigningKey))
        {
            return null;
        }

        return SigningKey.StartsWith(Base64Prefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(SigningKey[Base64Prefix.Length..])
            : Encoding.UTF8.GetBytes(SigningKey);
    }
}

/// <summary>Checks <see cref="AuthOptions"/> at start-up, with messages that say what to set.</summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.DevTokens && environment.IsProduction())
        {
            failures.Add("Auth:DevTokens=true is refused in the Production environment: anyone could mint an admin token. " +
                "Set Auth:DevTokens=false (environment Auth__DevTokens=false) and configure Auth:SigningKey, Auth:Issuer and Auth:Audience of the real token issuer.");
        }

        try
        {
            var key = options.SigningKeyBytes();
            if (key is null && !options.DevTokens)
            {
                failures.Add("Auth:SigningKey is required when Auth:DevTokens is false: set the HS256 key of the token issuer (at least 32 bytes; text, or base64 after 'base64:').");
            }
            else if (key is not null && key.Length < AuthOptions.MinKeyBytes)
            {
                failures.Add($"Auth:SigningKey is {key.Length} bytes; HS256 needs at least {AuthOptions.MinKeyBytes}.");
            }
        }
        catch (FormatException)
        {
            failures.Add("Auth:SigningKey starts with 'base64:' but the rest is not valid base64.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Auth:Issuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Audience must not be empty.");
        }

        if (options.DevTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:DevTokenLifetime must be positive.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ScopeCacheTtl < TimeSpan.Zero)
        {
            failures.Add("Auth:ClockSkew and Auth:ScopeCacheTtl must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
