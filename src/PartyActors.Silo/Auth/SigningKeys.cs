using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PartyActors.Silo.Auth;

/// <summary>
/// The key tokens are checked (and dev tokens signed) with: the configured one, or, with dev tokens
/// on and none configured, one generated at start and logged as such. The validator has already
/// refused dev tokens in Production, so a generated key never serves there.
/// </summary>
internal sealed class SigningKeys
{
    public SigningKeys(IOptions<AuthOptions> options, ClusterSettings cluster, StorageSettings storage, ILogger<SigningKeys> logger)
    {
        var configured = options.Value.SigningKeyBytes();
        if (configured is null && cluster.SpansProcesses(storage))
        {
            // A key generated here would make every other process refuse this one's tokens, and the reverse.
            throw new InvalidOperationException(
                "Auth:SigningKey is not set, and this process is one of several (Cluster:Membership 'AdoNet' or Cluster:Role 'Frontend'): "
                + "every silo and frontend must check tokens with the same key. Set Auth:SigningKey (environment Auth__SigningKey) on all of them.");
        }

        if (configured is null)
        {
            configured = RandomNumberGenerator.GetBytes(AuthOptions.MinKeyBytes);
            IsGenerated = true;
            logger.LogWarning("Auth:SigningKey is not set: dev tokens are signed with a key generated at start; they stop working when this process ends.");
        }

        Key = new SymmetricSecurityKey(configured);
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>Whether the key was generated at start rather than configured.</summary>
    public bool IsGenerated { get; }
}
