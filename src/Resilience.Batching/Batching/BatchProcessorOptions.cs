using System.ComponentModel.DataAnnotations;

namespace Resilience.Batching;

/// <summary>Options of a <see cref="ResilientBatchProcessor{TItem}"/>.</summary>
public class BatchProcessorOptions
{
    /// <summary>Gets or sets the number of items handed to the processor at once.</summary>
    /// <value>The default value is 100. It must be at least 1.</value>
    [Range(1, int.MaxValue)]
    public int BatchSize { get; set; } = BatchingConstants.DefaultBatchSize;

    /// <summary>Gets or sets the smallest batch size of a retry; a retry of kept items uses half of <see cref="BatchSize"/>, but no fewer than this.</summary>
    /// <value>The default value is 10. It must be at least 1.</value>
    [Range(1, int.MaxValue)]
    public int MinRetryBatchSize { get; set; } = BatchingConstants.DefaultMinRetryBatchSize;
}
