using Resilience.Bulkhead;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds bulkhead stages to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class BulkheadResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a bulkhead stage with its own slots.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The bulkhead options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddBulkhead(this ResiliencePipelineBuilder builder, BulkheadOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new BulkheadStrategy(options));
    }

    /// <summary>Adds a stage that uses an existing bulkhead, so several pipelines share one per-service limit.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="bulkhead">The shared bulkhead; the caller owns and disposes it.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="bulkhead"/> is <see langword="null"/>.</exception>
    public static ResiliencePipelineBuilder AddBulkhead(this ResiliencePipelineBuilder builder, BulkheadStrategy bulkhead)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(bulkhead);
    }
}
