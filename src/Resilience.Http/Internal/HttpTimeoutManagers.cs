using Resilience.Timeout;

namespace Resilience.Http.Internal;

/// <summary>
/// The timeout managers a client's per-authority pipelines share: one for the total timeout and one for the attempt
/// timeout, per version of the client's options. Thread-safe.
/// </summary>
/// <remarks>
/// A timeout stage added with its options owns a manager (a timer wheel of 512 slots, its scope pool, its table of
/// operation types: about 5.9 KB). With one pipeline per authority that was 11.8 KB of a host's 14 KB, 1.2 GB at
/// 100,000 hosts; one wheel serves any number of pipelines. A reload brings new options and so new managers; the
/// previous ones are not disposed, since a request may still be on a pipeline built with them: an idle manager's timer
/// stops by itself.
/// </remarks>
internal sealed class HttpTimeoutManagers
{
    private readonly Lock _lock = new();
    private (TimeSpan Timeout, TimeoutManager Manager)? _total;
    private (TimeoutOptions Options, TimeoutManager Manager)? _attempt;

    /// <summary>Gets how many managers were created (for tests).</summary>
    internal int Created { get; private set; }

    /// <summary>The manager of a total timeout of <paramref name="timeout"/>.</summary>
    public TimeoutManager ForTotal(TimeSpan timeout, TimeProvider timeProvider)
    {
        lock (_lock)
        {
            if (_total is not { } current || current.Timeout != timeout)
            {
                current = (timeout, new TimeoutManager(new TimeoutOptions { Timeout = timeout }, timeProvider));
                _total = current;
                Created++;
            }

            return current.Manager;
        }
    }

    /// <summary>The manager of the attempt timeout's <paramref name="options"/> (the same instance until a reload replaces it).</summary>
    public TimeoutManager ForAttempt(TimeoutOptions options, TimeProvider timeProvider)
    {
        lock (_lock)
        {
            if (_attempt is not { } current || !ReferenceEquals(current.Options, options))
            {
                current = (options, new TimeoutManager(options, timeProvider));
                _attempt = current;
                Created++;
            }

            return current.Manager;
        }
    }
}
