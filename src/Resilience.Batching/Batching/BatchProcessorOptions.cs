using Resilience.Internal;

namespace Resilience.Batching;

/// <summary>Options of a <see cref="ResilientBatchProcessor{TItem}"/>.</summary>
public class BatchProcessorOptions : IValidatableOptions
{
    /// <summary>Gets or sets the number of items handed to the processor at once.</summary>
    /// <value>The default value is 100. Must be between 1 and 1,000,000.</value>
    public int BatchSize { get; set; } = BatchingConstants.DefaultBatchSize;

    /// <summary>Gets or sets the smallest batch size of a retry; a retry of kept items uses half of <see cref="BatchSize"/>, but no fewer than this.</summary>
    /// <value>The default value is 10. Must be between 1 and 1,000,000.</value>
    public int MinRetryBatchSize { get; set; } = BatchingConstants.DefaultMinRetryBatchSize;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(BatchSize, 1, BatchingConstants.MaxBatchSize, nameof(BatchSize));
        guard.Range(MinRetryBatchSize, 1, BatchingConstants.MaxBatchSize, nameof(MinRetryBatchSize));
        return guard.Errors;
    }
}
