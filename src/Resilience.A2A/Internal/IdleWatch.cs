using System.Globalization;

namespace Resilience.A2A.Internal;

/// <summary>
/// Cancels a stream's reads when nothing arrives for the idle timeout, on the injected clock. The token combines the
/// idle timer with the caller's token. One stream, one read at a time.
/// </summary>
internal sealed class IdleWatch : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public IdleWatch(TimeSpan timeout, TimeProvider timeProvider, CancellationToken callerToken)
    {
        _timeout = timeout;
        _callerToken = callerToken;
        _timer = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timer.Token);
    }

    /// <summary>Gets the token reads must observe.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Gets a value indicating whether the idle timer (not the caller) cancelled the reads.</summary>
    public bool Fired => _timer.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>Starts the idle timer before a wait.</summary>
    public void Arm() => _timer.CancelAfter(_timeout);

    /// <summary>Stops the idle timer after data arrived.</summary>
    public void Disarm()
    {
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public A2AException CreateTimeout(string method, Exception inner) =>
        A2AErrors.Timeout(string.Create(CultureInfo.InvariantCulture, $"the stream sent nothing for StreamIdleTimeout ({_timeout})"), method, inner);

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
