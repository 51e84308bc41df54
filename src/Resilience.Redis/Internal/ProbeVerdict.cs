namespace Resilience.Redis.Internal;

/// <summary>What Redis did with a probe outcome.</summary>
internal enum ProbeVerdict
{
    /// <summary>The lease had expired or belonged to an earlier round: the outcome was not counted.</summary>
    Ignored = 0,

    /// <summary>A success was counted; more are needed to close.</summary>
    Counted = 1,

    /// <summary>The shared circuit closed.</summary>
    Closed = 2,

    /// <summary>The probe failed and the shared circuit reopened for another break.</summary>
    Reopened = 3,
}
