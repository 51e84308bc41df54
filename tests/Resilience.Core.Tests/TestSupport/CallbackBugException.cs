namespace Resilience.Core.Tests.TestSupport;

/// <summary>What a buggy user callback throws in the tests.</summary>
internal sealed class CallbackBugException : Exception
{
    public CallbackBugException()
        : base("a bug in a user callback")
    {
    }
}
