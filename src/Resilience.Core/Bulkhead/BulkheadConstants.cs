namespace Resilience.Bulkhead;

/// <summary>Defaults and limits of the bulkhead.</summary>
internal static class BulkheadConstants
{
    /// <summary>The default number of calls allowed in flight (resilience4j's default).</summary>
    public const int DefaultMaxConcurrency = 25;

    /// <summary>The default number of calls allowed to wait for a slot: none, so a full bulkhead rejects at once.</summary>
    public const int DefaultQueueLimit = 0;
}
