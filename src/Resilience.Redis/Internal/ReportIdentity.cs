namespace Resilience.Redis.Internal;

/// <summary>What the report script found under this instance's id (the <c>duplicate</c> value it returns).</summary>
internal enum ReportIdentity
{
    /// <summary>The report was not stored (the shared circuit is open, or this instance's generation is old).</summary>
    NotStored = -1,

    /// <summary>The id was free or held this process's previous report (or a dead predecessor's, taken over).</summary>
    Own = 0,

    /// <summary>Another live process wrote under this id since this process last reported.</summary>
    Duplicate = 1,
}
