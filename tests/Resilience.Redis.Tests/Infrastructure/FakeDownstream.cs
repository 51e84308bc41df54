namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>An in-test downstream service: counts every request that reaches it and fails while told to.</summary>
internal sealed class FakeDownstream
{
    private int _requests;

    public bool Failing { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public ValueTask CallAsync()
    {
        Interlocked.Increment(ref _requests);
        return Failing ? ValueTask.FromException(new DownstreamException()) : ValueTask.CompletedTask;
    }
}
