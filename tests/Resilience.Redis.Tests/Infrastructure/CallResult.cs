namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>What happened to one call in a fleet test.</summary>
internal enum CallResult
{
    Ok,
    Failed,
    Rejected,
}
