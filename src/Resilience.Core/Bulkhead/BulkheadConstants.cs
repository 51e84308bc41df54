namespace Resilience.Bulkhead;

/// <summary>Defaults and limits of the bulkhead.</summary>
internal static class BulkheadConstants
{
    /// <summary>The default number of calls allowed in flight (resilience4j's default).</summary>
    public const int DefaultMaxConcurrency = 25;

    /// <summary>The default number of calls allowed to wait for a slot: none, so a full bulkhead rejects at once.</summary>
    public const int DefaultQueueLimit = 0;

    /// <summary>Observable gauge: calls in flight in each bulkhead (on the shared "Resilience" meter).</summary>
    public const string InFlightInstrument = "resilience.bulkhead.in_flight";

    /// <summary>Observable gauge: calls waiting in each bulkhead's queue.</summary>
    public const string QueuedInstrument = "resilience.bulkhead.queued";

    /// <summary>Counter: calls each bulkhead rejected.</summary>
    public const string RejectionsInstrument = "resilience.bulkhead.rejections";

    /// <summary>Tag: the bulkhead's name.</summary>
    public const string NameTag = "bulkhead.name";

    /// <summary>The tag value of a bulkhead without a name.</summary>
    public const string UnnamedTagValue = "unnamed";
}
