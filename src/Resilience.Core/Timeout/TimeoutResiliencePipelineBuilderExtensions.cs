using Resilience.Timeout;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds the timeout stage to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class TimeoutResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a timeout stage with a fixed timeout inside the stages added before it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="timeout">The timeout, between 1 ms and 1 day, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="timeout"/> is out of range.</exception>
    public static ResiliencePipelineBuilder AddTimeout(this ResiliencePipelineBuilder builder, TimeSpan timeout) =>
        builder.AddTimeout(new TimeoutOptions { Timeout = timeout });

    /// <summary>Adds a timeout stage with its own <see cref="TimeoutManager"/> inside the stages added before it; the pipeline
    /// owns the manager and releases it in <see cref="ResiliencePipeline.Dispose"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options; <see langword="null"/> for the default operation types (<see cref="OperationTypes"/>), with <c>standard_request</c> (30 s) by default.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public static ResiliencePipelineBuilder AddTimeout(this ResiliencePipelineBuilder builder, TimeoutOptions? options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new TimeoutOptions();
        var manager = new TimeoutManager(options, builder.TimeProvider);
        return builder.AddStrategy(new TimeoutStrategy(manager, options.OperationType, options.Timeout, builder.Name, ownsManager: true));
    }

    /// <summary>Adds a timeout stage that uses a shared <see cref="TimeoutManager"/> inside the stages added before it; the
    /// caller keeps owning the manager.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="manager">The manager.</param>
    /// <param name="operationType">The stage's operation type; <see langword="null"/> for <c>standard_request</c>.</param>
    /// <param name="timeout">A fixed timeout of the stage overriding every operation type (as <see cref="TimeoutOptions.Timeout"/>);
    /// <see langword="null"/> to use the operation types; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no timeout.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="manager"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is neither positive nor infinite.</exception>
    /// <remarks>One manager (one timer wheel) serves any number of stages and pipelines: share it where many pipelines
    /// are alike (one per endpoint), rather than giving each stage a wheel of its own.</remarks>
    public static ResiliencePipelineBuilder AddTimeout(this ResiliencePipelineBuilder builder, TimeoutManager manager, string? operationType = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new TimeoutStrategy(manager, operationType, timeout, builder.Name, ownsManager: false));
    }
}
