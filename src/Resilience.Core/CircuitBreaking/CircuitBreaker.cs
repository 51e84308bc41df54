using System.Diagnostics.CodeAnalysis;
using Resilience.CircuitBreaking.Internal;
using Resilience.Internal;
using Resilience.Telemetry;

// The experimental coordination seam is built and exposed here; its users opt in to RESILIENCE0001.
#pragma warning disable RESILIENCE0001

namespace Resilience.CircuitBreaking;

/// <summary>
/// A lock-free circuit breaker: it counts the outcomes of the calls it admits and, when the service looks
/// unhealthy, rejects calls at once for a break, then lets a few probes test the service before closing again.
/// </summary>
/// <remarks>
/// <para>Thread-safe. The state and everything that belongs to it live in one immutable epoch object; every
/// transition is one compare-and-swap that exactly one thread wins, and that thread raises
/// <see cref="StateChanged"/>. Open becomes half-open lazily, on the first call after the break, by the
/// injected <see cref="System.TimeProvider"/>; the breaker runs no timers.</para>
/// <para>A closed-state success reads the state, bumps one processor-local counter and allocates nothing.</para>
/// </remarks>
public sealed partial class CircuitBreaker
{
    private readonly CircuitBreakerTelemetry _telemetry;
    private readonly CircuitStateMachine _machine;
    private readonly CircuitCoordination _coordination;

    /// <summary>Initializes a new instance of the <see cref="CircuitBreaker"/> class.</summary>
    /// <param name="name">The breaker's name, used in exceptions, events and telemetry.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults. The breaker keeps a copy.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="options"/> are invalid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public CircuitBreaker(string name, CircuitBreakerOptions? options = null, TimeProvider? timeProvider = null)
        : this(name, options, timeProvider, registryListener: null)
    {
    }

    /// <summary>Initializes a breaker that reports to <paramref name="registryListener"/> (the registry's listener) unless its options name a listener.</summary>
    internal CircuitBreaker(string name, CircuitBreakerOptions? options, TimeProvider? timeProvider, ResilienceTelemetryListener? registryListener)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new CircuitBreakerOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        Name = name;
        var diagnostics = new CircuitBreakerDiagnostics(
            name,
            options.TelemetryListener ?? registryListener);
        var clock = timeProvider ?? TimeProvider.System;
        _telemetry = new CircuitBreakerTelemetry(name, clock, diagnostics, sender: this);
        _machine = new CircuitStateMachine(name, options, clock, _telemetry);
        _coordination = new CircuitCoordination(_machine);
    }

    /// <summary>
    /// Raised once per transition, after it happened, on the thread of the call (or the
    /// <see cref="Isolate"/>/<see cref="Reset"/>) that caused it. Never raised under a lock.
    /// </summary>
    /// <remarks>
    /// <para>A handler that throws does not stop the breaker or the other handlers; the exception is logged
    /// (rate-limited) and counted in <c>resilience.circuit_breaker.callback.errors</c>. Handlers for two
    /// transitions close together can run at the same time on different threads and finish out of order; order
    /// them by <see cref="CircuitStateChangedEventArgs.Epoch"/>. Keep handlers short (hand work to a queue).</para>
    /// </remarks>
    public event EventHandler<CircuitStateChangedEventArgs>? StateChanged
    {
        add => _telemetry.AddStateChangedHandler(value);
        remove => _telemetry.RemoveStateChangedHandler(value);
    }

    /// <summary>Gets the breaker's name.</summary>
    public string Name { get; }

    /// <summary>Gets the current state.</summary>
    /// <remarks>Open becomes half-open only when a call arrives after the break, so this can read
    /// <see cref="CircuitState.Open"/> after the break has ended.</remarks>
    public CircuitState State => _machine.State;

    /// <summary>Gets the options the breaker runs on: those it was created with, or the last ones given to
    /// <see cref="UpdateOptions"/> (a configuration reload shows here).</summary>
    /// <value>The options object as it was passed; the breaker runs on a copy taken then, so changing the object changes nothing.</value>
    public CircuitBreakerOptions Options => _machine.Settings.Source;

    /// <summary>
    /// Gets the seam through which an external coordinator shares this breaker's decision across instances (hold it open,
    /// grant probes, release it): see <see cref="CircuitCoordination"/>. Resilience.Redis plugs in here.
    /// </summary>
    [Experimental(CircuitBreakerConstants.CoordinationDiagnosticId)]
    public CircuitCoordination Coordination => _coordination;

    internal CircuitStateMachine Machine => _machine;

    internal TimeProvider TimeProvider => _machine.TimeProvider;

    /// <summary>Asks to run one call; on success the caller must record its outcome on the permit.</summary>
    /// <param name="permit">The permit, when the call is admitted.</param>
    /// <param name="retryAfter">When rejected: the time until a probe will be admitted, or <see langword="null"/> when unknown (isolated, or half-open with every probe slot taken).</param>
    /// <returns><see langword="true"/> when the call may run.</returns>
    public bool TryAcquirePermit(out CircuitBreakerPermit permit, out TimeSpan? retryAfter)
    {
        if (_machine.TryAcquire(out permit, out var rejection))
        {
            retryAfter = null;
            return true;
        }

        retryAfter = rejection.RetryAfter == System.Threading.Timeout.InfiniteTimeSpan ? null : rejection.RetryAfter;
        return false;
    }

    /// <summary>Asks to run one call and throws when it is rejected; the caller must record its outcome on the permit.</summary>
    /// <returns>The permit.</returns>
    /// <exception cref="CircuitOpenException">The circuit rejects the call.</exception>
    public CircuitBreakerPermit AcquirePermit()
    {
        if (!_machine.TryAcquire(out var permit, out var rejection))
        {
            throw rejection.CreateException();
        }

        return permit;
    }

    /// <summary>Holds the circuit open until <see cref="Reset"/>: every call is rejected. Does nothing when already isolated.</summary>
    /// <returns>The epoch of the isolation this call placed (pass it to <see cref="EndIsolation"/> to end exactly that
    /// isolation), or <see langword="null"/> when the circuit already was isolated and nothing changed.</returns>
    public long? Isolate() => _machine.TryIsolate(out var epoch) ? epoch : null;

    /// <summary>Closes the circuit only while it is still in the isolation <see cref="Isolate"/> placed in <paramref name="epoch"/>:
    /// whatever happened since (a manual <see cref="Reset"/>, another isolation, a real outage after it) wins.</summary>
    /// <param name="epoch">The epoch <see cref="Isolate"/> returned.</param>
    /// <returns><see langword="true"/> when this call ended that isolation; <see langword="false"/> when nothing changed.</returns>
    public bool EndIsolation(long epoch) => _machine.Reset(epoch);

    /// <summary>Closes the circuit and clears every counter, from any state. Raises <see cref="StateChanged"/> unless it was already closed.</summary>
    /// <remarks>Outcomes of calls admitted before the reset are stale and no longer counted.</remarks>
    public void Reset() => _machine.Reset(expectedEpoch: null);

    /// <summary>Puts this breaker on the state gauges (<c>resilience.circuit_breaker.state</c>, <c>.state.duration</c>,
    /// <c>.break.remaining</c>) until the returned object is disposed.</summary>
    /// <returns>Disposing it takes the breaker off the gauges; disposing it again does nothing.</returns>
    /// <remarks>A <c>CircuitBreakerRegistry</c> does this for the breakers it creates; call it for a breaker created
    /// otherwise (the HTTP adapter does for its per-authority breakers). Calling it twice for one breaker reports it twice.</remarks>
    public IDisposable TrackStateGauges() => new CircuitGaugeTracking(this);

    /// <summary>Takes a consistent view of the breaker's state and counters.</summary>
    /// <returns>The snapshot.</returns>
    public CircuitBreakerSnapshot GetSnapshot() => _machine.GetSnapshot();

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
        OptionsGuard.ThrowIfInvalid(options, nameof(options));
        _machine.UpdateOptions(options);
    }
}
