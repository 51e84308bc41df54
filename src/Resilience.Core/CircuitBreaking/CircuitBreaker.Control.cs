using Resilience.CircuitBreaking.Internal;

namespace Resilience.CircuitBreaking;

/// <content>Manual control, inspection and reconfiguration.</content>
public sealed partial class CircuitBreaker
{
    /// <summary>Holds the circuit open until <see cref="Reset"/>: every call is rejected. Does nothing when already isolated.</summary>
    public void Isolate() => TryIsolate(out _);

    /// <summary>Closes the circuit and clears every counter, from any state. Raises <see cref="StateChanged"/> unless it was already closed.</summary>
    /// <remarks>Outcomes of calls admitted before the reset are stale and no longer counted.</remarks>
    public void Reset() => ResetCore(expectedEpoch: null);

    /// <summary>Isolates the circuit; <see langword="false"/> when it already was (then nothing changed).</summary>
    /// <param name="epoch">The epoch of the isolation this call placed, to end exactly it with <see cref="TryEndIsolation"/>.</param>
    internal bool TryIsolate(out long epoch)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current.State == CircuitState.Isolated)
            {
                epoch = -1;
                return false;
            }

            var isolated = new CircuitStateData(
                CircuitState.Isolated,
                current.Epoch + 1,
                current.Window,
                _timeProvider.GetUtcNow(),
                current.ConsecutiveTrips,
                Volatile.Read(ref current.ConsecutiveFailures));
            if (TryTransition(current, isolated, CircuitStateChangeReason.Isolated))
            {
                epoch = isolated.Epoch;
                return true;
            }
        }
    }

    /// <summary>Resets the circuit only while it is still in the isolation of <paramref name="epoch"/>: whatever happened since (a manual reset, a real outage) wins.</summary>
    /// <returns><see langword="true"/> when this call ended that isolation.</returns>
    internal bool TryEndIsolation(long epoch) => ResetCore(epoch);

    private bool ResetCore(long? expectedEpoch)
    {
        var settings = Volatile.Read(ref _settings);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (expectedEpoch is { } expected && current.Epoch != expected)
            {
                return false;
            }

            var closed = new CircuitStateData(CircuitState.Closed, current.Epoch + 1, NewWindow(settings), _timeProvider.GetUtcNow());
            if (TryTransition(current, closed, CircuitStateChangeReason.Reset))
            {
                return true;
            }
        }
    }

    /// <summary>Takes a consistent view of the breaker's state and counters.</summary>
    /// <returns>The snapshot.</returns>
    public CircuitBreakerSnapshot GetSnapshot()
    {
        var epoch = Volatile.Read(ref _state);
        var counts = epoch.Window.Read(_timeProvider.GetTimestamp());
        return new CircuitBreakerSnapshot
        {
            Name = Name,
            State = epoch.State,
            Epoch = epoch.Epoch,
            ConsecutiveFailures = Volatile.Read(ref epoch.ConsecutiveFailures),
            ConsecutiveTrips = epoch.ConsecutiveTrips,
            WindowFailures = counts.Failures,
            WindowSuccesses = counts.Successes,
            LastStateChangeAt = epoch.EnteredAt,
            BreakEndsAt = epoch.State == CircuitState.Open ? TimeMath.AddSaturated(epoch.EnteredAt, epoch.BreakDuration) : null,
        };
    }

    /// <summary>Applies new options to this breaker (for example after a configuration reload) without losing its state.</summary>
    /// <param name="options">The new options; the breaker keeps a copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the breaker keeps its old options.</exception>
    /// <remarks>
    /// <para>The options are swapped as one immutable snapshot: a call sees either all old or all new values. When
    /// each change takes effect:</para>
    /// <list type="bullet">
    /// <item><description><see cref="CircuitBreakerOptions.TripPolicy"/>, <see cref="CircuitBreakerOptions.FailureThreshold"/>,
    /// <see cref="CircuitBreakerOptions.FailureRatio"/>, <see cref="CircuitBreakerOptions.MinimumThroughput"/>,
    /// <see cref="CircuitBreakerOptions.ShouldHandle"/>, <see cref="CircuitBreakerOptions.ExcludedExceptions"/>,
    /// <see cref="CircuitBreakerOptions.SlowCallDuration"/> and <see cref="CircuitBreakerOptions.SuccessThreshold"/>:
    /// from the next outcome recorded, including calls already running (a call admitted before slow-call counting
    /// was turned on is never counted as slow). Counters are kept.</description></item>
    /// <item><description><see cref="CircuitBreakerOptions.BreakDuration"/>, the multiplier, the cap and the generator:
    /// from the next time the circuit opens; a break in progress keeps its end.</description></item>
    /// <item><description><see cref="CircuitBreakerOptions.MaxHalfOpenDuration"/>: from the next half-open period.</description></item>
    /// <item><description><see cref="CircuitBreakerOptions.HalfOpenMaxCalls"/>: at once, with a fresh set of probe slots;
    /// probes already running finish on their old slots, so during that half-open period up to the old plus the
    /// new limit can run.</description></item>
    /// <item><description><see cref="CircuitBreakerOptions.SamplingDuration"/>: at once when closed (the closed state
    /// restarts with an empty window and consecutive count, without a state-change event, and outcomes of calls
    /// already running are no longer counted); otherwise when the circuit next closes.</description></item>
    /// </list>
    /// </remarks>
    public void UpdateOptions(CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(nameof(options));

        // Perf: updates are rare; the lock only orders concurrent updates and guards no user code.
        lock (_updateLock)
        {
            var next = new CircuitBreakerSettings(options, _timeProvider);
            var previous = Interlocked.Exchange(ref _settings, next);
            if (next.HalfOpenMaxCalls != previous.HalfOpenMaxCalls)
            {
                Volatile.Write(ref _probeGate, new SemaphoreSlim(next.HalfOpenMaxCalls, next.HalfOpenMaxCalls));
            }

            if (next.SamplingDuration != previous.SamplingDuration)
            {
                RestartClosedWindow(next);
            }
        }
    }

    private void RestartClosedWindow(CircuitBreakerSettings settings)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current.State != CircuitState.Closed)
            {
                return;
            }

            var restarted = new CircuitStateData(CircuitState.Closed, current.Epoch + 1, NewWindow(settings), current.EnteredAt);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, restarted, current), current))
            {
                return;
            }
        }
    }
}
