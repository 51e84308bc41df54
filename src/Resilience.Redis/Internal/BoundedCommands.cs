namespace Resilience.Redis.Internal;

/// <summary>
/// Waits for Redis commands no longer than the Redis timeout, and observes the commands it stops waiting for:
/// StackExchange.Redis completes an abandoned command later (often faulted by its own timeout or a lost
/// connection), and an unobserved fault would reach <see cref="TaskScheduler.UnobservedTaskException"/>
/// (and crash an app that sets <c>ThrowUnobservedTaskExceptions</c>). Thread-safe.
/// </summary>
internal sealed class BoundedCommands(TimeSpan timeout, TimeProvider timeProvider)
{
    private static readonly Action<Task, object?> ObserveAbandoned = static (command, state) =>
    {
        // Reading the exception marks it observed; the outcome itself is no longer wanted.
        _ = command.Exception;
        Interlocked.Increment(ref ((BoundedCommands)state!)._settled);
    };

    private long _abandoned;
    private long _settled;

    /// <summary>Gets the commands given up on after the timeout.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Gets the abandoned commands that have completed since (each observed).</summary>
    public long Settled => Interlocked.Read(ref _settled);

    /// <summary>Waits for <paramref name="command"/> at most the timeout.</summary>
    /// <exception cref="TimeoutException">The command did not complete in time; it is observed when it does.</exception>
    public async Task<T> WaitAsync<T>(Task<T> command)
    {
        try
        {
            return await command.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abandon(command);
            throw;
        }
    }

    /// <inheritdoc cref="WaitAsync{T}(Task{T})"/>
    public async Task WaitAsync(Task command)
    {
        try
        {
            await command.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abandon(command);
            throw;
        }
    }

    private void Abandon(Task command)
    {
        Interlocked.Increment(ref _abandoned);
        _ = command.ContinueWith(ObserveAbandoned, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
