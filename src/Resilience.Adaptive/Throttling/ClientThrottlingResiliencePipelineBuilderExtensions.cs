using Resilience.Throttling;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds client-side adaptive throttling to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class ClientThrottlingResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a throttle of its own, on the builder's clock, named after the pipeline unless the options name it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddClientThrottling(this ResiliencePipelineBuilder builder, ClientThrottlingOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new ClientThrottlingStrategy(options, builder.TimeProvider, builder.Name));
    }

    /// <summary>Adds a stage that uses an existing throttle, so every pipeline calling one backend shares its counts.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="throttle">The shared throttle.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="throttle"/> is <see langword="null"/>.</exception>
    public static ResiliencePipelineBuilder AddClientThrottling(this ResiliencePipelineBuilder builder, ClientThrottlingStrategy throttle)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(throttle);
    }
}
