using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Grains;

internal static class ValidatedOptions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/>, configured by <paramref name="configure"/> when given,
    /// and checked by <paramref name="validate"/> (which throws on nonsense) when first read.
    /// </summary>
    public static void AddValidatedOptions<TOptions>(this IServiceCollection services, Action<TOptions>? configure, Action<TOptions> validate)
        where TOptions : class
    {
        var options = services.AddOptions<TOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            validate(o);
            return true;
        });
    }
}
