using Microsoft.Extensions.Time.Testing;
using Resilience.CircuitBreaking;
using Resilience.Registry;

namespace Resilience.Testing;

/// <summary>Puts circuit breakers into the state a test needs, through the breaker's own transitions.</summary>
/// <remarks>
/// The breaker gets there as it would in production: <see cref="CircuitState.Open"/> is a real trip (failures recorded
/// until the trip policy opens the circuit), so <see cref="CircuitBreaker.StateChanged"/> handlers, metrics, logs and the
/// break duration all behave as they will when the dependency fails. Use it to test what the code under test does while a
/// dependency's circuit is open, half-open or isolated, without faking the dependency.
/// <para>Force a state while no other call runs through the breaker: a success recorded by a concurrent call in the middle
/// of a trip can reset the count, and then <c>ForceState</c> throws <see cref="InvalidOperationException"/> naming the
/// state the breaker is in rather than returning in the wrong one.</para>
/// </remarks>
public static class CircuitBreakerTestingExtensions
{
    /// <summary>Puts <paramref name="breaker"/> into <paramref name="state"/>, from whatever state it is in.</summary>
    /// <param name="breaker">The breaker.</param>
    /// <param name="state">The state: <see cref="CircuitState.Closed"/> resets it (counters cleared);
    /// <see cref="CircuitState.Isolated"/> isolates it (held open until reset); <see cref="CircuitState.Open"/> resets it and
    /// then records failures until it trips, so the break ends after the configured break duration;
    /// <see cref="CircuitState.HalfOpen"/> trips it and moves <paramref name="clock"/> to the end of the break, where the
    /// next calls are probes (every probe slot is free).</param>
    /// <param name="clock">The clock the breaker runs on (the <see cref="TimeProvider"/> it was created with, or the container's);
    /// needed for <see cref="CircuitState.HalfOpen"/> only.</param>
    /// <exception cref="ArgumentNullException"><paramref name="breaker"/> is <see langword="null"/>, or <paramref name="clock"/>
    /// is and <paramref name="state"/> is <see cref="CircuitState.HalfOpen"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a <see cref="CircuitState"/>.</exception>
    /// <exception cref="InvalidOperationException">The breaker did not reach the state: for example a shared (Redis) verdict
    /// holds it, or it does not run on <paramref name="clock"/>. The message says which state it is in.</exception>
    public static void ForceState(this CircuitBreaker breaker, CircuitState state, FakeTimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        switch (state)
        {
            case CircuitState.Closed:
                breaker.Reset();
                break;
            case CircuitState.Isolated:
                breaker.Isolate();
                break;
            case CircuitState.Open:
                Trip(breaker);
                break;
            case CircuitState.HalfOpen:
                ArgumentNullException.ThrowIfNull(clock);
                Trip(breaker);
                clock.AdvanceToBreakEnd(breaker);
                EnterHalfOpen(breaker);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "Not a CircuitState.");
        }

        if (breaker.State != state)
        {
            throw new InvalidOperationException(
                $"Circuit breaker '{breaker.Name}' is {breaker.State} after ForceState({state}).");
        }
    }

    /// <summary>Puts the breaker <paramref name="name"/> of <paramref name="registry"/> into <paramref name="state"/>, creating
    /// it with the registry's options for that name if it does not exist yet (see <see cref="ForceState(CircuitBreaker, CircuitState, FakeTimeProvider?)"/>).</summary>
    /// <param name="registry">The registry, such as the container's <see cref="CircuitBreakerRegistry"/>.</param>
    /// <param name="name">The breaker's name: the dependency it protects (an HTTP client's breaker is named after the client).</param>
    /// <param name="state">The state.</param>
    /// <param name="clock">The registry's clock; needed for <see cref="CircuitState.HalfOpen"/> only.</param>
    /// <returns>The breaker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The breaker did not reach the state.</exception>
    public static CircuitBreaker ForceState(this CircuitBreakerRegistry registry, string name, CircuitState state, FakeTimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(name);
        var breaker = registry.GetOrCreate(name);
        breaker.ForceState(state, clock);
        return breaker;
    }

    /// <summary>Moves <paramref name="clock"/> forward to the end of <paramref name="breaker"/>'s current break, the moment
    /// the next call is admitted as a probe. Does nothing when the circuit is not open or the break is already over.</summary>
    /// <param name="clock">The clock the breaker runs on.</param>
    /// <param name="breaker">The breaker.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void AdvanceToBreakEnd(this FakeTimeProvider clock, CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(breaker);
        if (breaker.GetSnapshot() is { State: CircuitState.Open, BreakEndsAt: { } end } && end > clock.GetUtcNow())
        {
            clock.SetUtcNow(end);
        }
    }

    private static void Trip(CircuitBreaker breaker)
    {
        breaker.Reset();
        var options = breaker.Options;

        // Every recorded call is a failure, so either trip policy opens within this many calls (a ratio policy at its
        // minimum throughput, the consecutive policy at its threshold).
        var limit = Math.Max(options.FailureThreshold, options.MinimumThroughput) + 1;
        for (var i = 0; i < limit && breaker.State == CircuitState.Closed; i++)
        {
            if (!breaker.TryAcquirePermit(out var permit, out _))
            {
                break;
            }

            permit.RecordFailure();
        }
    }

    private static void EnterHalfOpen(CircuitBreaker breaker)
    {
        // Open becomes half-open when a call arrives after the break: this call is that first probe, released at once
        // (recorded as ignored) so that every probe slot is free for the code under test.
        if (breaker.TryAcquirePermit(out var permit, out _))
        {
            permit.RecordIgnored();
        }
    }
}
