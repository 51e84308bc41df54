using System.Collections.Concurrent;

namespace Resilience.Hedging.Tests;

/// <summary>
/// An operation whose attempts the test finishes by hand: attempt n (the context's attempt number) signals when it starts
/// and completes when the test says so, or when its token is cancelled (unless it ignores cancellation).
/// </summary>
internal sealed class ScriptedAttempts(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, TimeSpan> _startedAt = new();
    private readonly long _origin = time.GetTimestamp();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ResilienceContext>> _started = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<Outcome<Reply>>> _results = new();
    private readonly ConcurrentDictionary<int, bool> _ignoresCancellation = new();
    private int _running;
    private int _cancelled;

    public int StartedCount => _started.Count(p => p.Value.Task.IsCompleted);

    public int Running => Volatile.Read(ref _running);

    public int CancelledCount => Volatile.Read(ref _cancelled);

    public Task<ResilienceContext> Started(int attempt) => Slot(_started, attempt).Task;

    /// <summary>Gets the clock time, from the creation of this script, at which attempt <paramref name="attempt"/> started.</summary>
    public TimeSpan StartedAt(int attempt) => _startedAt[attempt];

    public void Succeed(int attempt, Reply reply) => Slot(_results, attempt).TrySetResult(Outcome.FromResult(reply));

    public void Fail(int attempt, Exception exception) => Slot(_results, attempt).TrySetResult(Outcome.FromException<Reply>(exception));

    /// <summary>Makes attempt <paramref name="attempt"/> ignore its token: it ends only when the test finishes it.</summary>
    public void IgnoreCancellation(int attempt) => _ignoresCancellation[attempt] = true;

    public async ValueTask<Outcome<Reply>> RunAsync(ResilienceContext context)
    {
        var attempt = context.AttemptNumber;
        var token = context.CancellationToken;
        Interlocked.Increment(ref _running);
        try
        {
            _startedAt[attempt] = time.GetElapsedTime(_origin);
            Slot(_started, attempt).TrySetResult(context);
            var result = Slot(_results, attempt);
            if (!_ignoresCancellation.ContainsKey(attempt))
            {
                using var registration = token.Register(() =>
                {
                    Interlocked.Increment(ref _cancelled);
                    result.TrySetResult(Outcome.FromException<Reply>(new OperationCanceledException(token)));
                });
                return await result.Task;
            }

            return await result.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static TaskCompletionSource<T> Slot<T>(ConcurrentDictionary<int, TaskCompletionSource<T>> slots, int attempt) =>
        slots.GetOrAdd(attempt, static _ => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A disposable result, like an HTTP response that holds a connection.</summary>
internal sealed class Reply(string name) : IDisposable
{
    public string Name { get; } = name;

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}
