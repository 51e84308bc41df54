namespace Resilience.Redis.Internal;

/// <summary>
/// The breaker in front of Redis itself: one failed or slow round trip opens it, and while it is open the
/// loop does not call Redis at all until <c>RedisRetryInterval</c> has passed. Used only by the serialised tick.
/// </summary>
internal sealed class RedisDependencyGate
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retryInterval;
    private long _openedAt;
    private bool _isOpen;

    public RedisDependencyGate(TimeProvider timeProvider, TimeSpan retryInterval)
    {
        _timeProvider = timeProvider;
        _retryInterval = retryInterval;
    }

    public bool AllowsCall() => !_isOpen || _timeProvider.GetElapsedTime(_openedAt) >= _retryInterval;

    public void OnSuccess() => _isOpen = false;

    public void OnFailure()
    {
        _isOpen = true;
        _openedAt = _timeProvider.GetTimestamp();
    }
}
