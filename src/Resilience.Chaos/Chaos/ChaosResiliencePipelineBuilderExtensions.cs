using Resilience.Chaos;
using Resilience.Chaos.Internal;
using Resilience.Registry;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds chaos injectors (faults, latency, made-up results) to a <see cref="ResiliencePipelineBuilder"/>.</summary>
/// <remarks>Every injector is off unless its options enable it; add injectors innermost so the other stages react to them.</remarks>
public static class ChaosResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a stage that fails a share of calls with a generated exception.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddChaosFault(this ResiliencePipelineBuilder builder, ChaosFaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new ChaosFaultStrategy(options));
    }

    /// <summary>Adds a stage that delays a share of calls on the builder's <see cref="ResiliencePipelineBuilder.TimeProvider"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddChaosLatency(this ResiliencePipelineBuilder builder, ChaosLatencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new ChaosLatencyStrategy(options, builder.TimeProvider));
    }

    /// <summary>Adds a stage that answers a share of calls with a generated result (for example an HTTP 503) without running them.</summary>
    /// <typeparam name="TResult">The type of the injected result; calls of other result types pass through.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddChaosOutcome<TResult>(this ResiliencePipelineBuilder builder, ChaosOutcomeOptions<TResult> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new ChaosOutcomeStrategy<TResult>(options));
    }

    /// <summary>
    /// Adds a stage that, on a share of calls, forces the breaker named <see cref="ChaosBreakerTripOptions.BreakerName"/> open
    /// before the call goes on; the isolation it placed ends after <see cref="ChaosBreakerTripOptions.TripDuration"/> (unless the breaker changed since).
    /// </summary>
    /// <param name="builder">The builder; its <see cref="ResiliencePipelineBuilder.TimeProvider"/> times the reset.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <remarks>Add it before (outside) the circuit breaker stage, so the tripped breaker rejects the same call.</remarks>
    public static ResiliencePipelineBuilder AddChaosBreakerTrip(this ResiliencePipelineBuilder builder, ChaosBreakerTripOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new ChaosBreakerTripStrategy(options, builder.TimeProvider));
    }

    /// <summary>
    /// Adds a stage that, on a share of calls, forces the breaker named <see cref="ChaosBreakerTripOptions.BreakerName"/>
    /// in <paramref name="registry"/> open before the call goes on; <see cref="ChaosBreakerTripOptions.BreakerResolver"/> is not used.
    /// </summary>
    /// <param name="builder">The builder; its <see cref="ResiliencePipelineBuilder.TimeProvider"/> times the reset.</param>
    /// <param name="registry">The registry the breaker is looked up in, on each injection; a name it does not hold skips the injection.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="registry"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddChaosBreakerTrip(this ResiliencePipelineBuilder builder, CircuitBreakerRegistry registry, ChaosBreakerTripOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(registry);
        return builder.AddStrategy(new ChaosBreakerTripStrategy(
            options, builder.TimeProvider, name => registry.TryGet(name, out var breaker) ? breaker : null));
    }
}
