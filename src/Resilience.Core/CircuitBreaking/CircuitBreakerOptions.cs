using Resilience.CircuitBreaking.Internal;
using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.CircuitBreaking;

/// <summary>The settings of a <see cref="CircuitBreaker"/>.</summary>
/// <remarks>
/// <para>A breaker copies these options when it is created (and in <see cref="CircuitBreaker.UpdateOptions"/>), so
/// changing an instance afterwards does not change a running breaker.</para>
/// <para>The class is not sealed so adapters can derive options with their own defaults.</para>
/// </remarks>
public class CircuitBreakerOptions : IValidatableOptions
{
    /// <summary>Gets or sets how a closed circuit decides to open.</summary>
    /// <value>The default is <see cref="CircuitBreakerTripPolicy.ConsecutiveFailures"/>.</value>
    public CircuitBreakerTripPolicy TripPolicy { get; set; } = CircuitBreakerConstants.DefaultTripPolicy;

    /// <summary>Gets or sets how many failures in a row open the circuit (<see cref="CircuitBreakerTripPolicy.ConsecutiveFailures"/>).</summary>
    /// <value>The default is 5. Must be between 1 and 10,000.</value>
    public int FailureThreshold { get; set; } = CircuitBreakerConstants.DefaultFailureThreshold;

    /// <summary>Gets or sets the share of failed calls over the window that opens the circuit (<see cref="CircuitBreakerTripPolicy.FailureRatio"/>).</summary>
    /// <value>The default is 0.5. Must be greater than 0 and at most 1.</value>
    public double FailureRatio { get; set; } = CircuitBreakerConstants.DefaultFailureRatio;

    /// <summary>Gets or sets the length of the sliding window over which calls are counted.</summary>
    /// <value>The default is 30 seconds. Must be between 0.5 seconds and 1 day.</value>
    /// <remarks>The window is split into 10 buckets; the oldest bucket expires as time moves on, so the window
    /// covers between nine and ten tenths of this duration. It also feeds the success rate of
    /// <see cref="CircuitBreaker.GetSnapshot"/> under either trip policy.</remarks>
    public TimeSpan SamplingDuration { get; set; } = CircuitBreakerConstants.DefaultSamplingDuration;

    /// <summary>Gets or sets how many calls the window must hold before the failure ratio can open the circuit.</summary>
    /// <value>The default is 10. Must be between 2 and 1,000,000.</value>
    public int MinimumThroughput { get; set; } = CircuitBreakerConstants.DefaultMinimumThroughput;

    /// <summary>Gets or sets the duration above which a call that succeeded still counts as a failure.</summary>
    /// <value>The default is <see langword="null"/>: slow calls are not counted. When set, must be between 1 millisecond and 1 day.</value>
    public TimeSpan? SlowCallDuration { get; set; }

    /// <summary>Gets or sets how long the circuit stays open before a probe is admitted.</summary>
    /// <value>The default is 60 seconds. Must be between 0.5 seconds and 1 day.</value>
    public TimeSpan BreakDuration { get; set; } = CircuitBreakerConstants.DefaultBreakDuration;

    /// <summary>Gets or sets the factor the break grows by each time a probe fails and the circuit opens again.</summary>
    /// <value>The default is 1 (no growth). Must be between 1 and 100.</value>
    /// <remarks>Growth stops at <see cref="MaxBreakDuration"/>, or at 1 day when that is not set.</remarks>
    public double BreakDurationMultiplier { get; set; } = CircuitBreakerConstants.DefaultBreakDurationMultiplier;

    /// <summary>Gets or sets the longest break that growth can reach.</summary>
    /// <value>The default is <see langword="null"/>: growth stops at 1 day. When set, must be at least <see cref="BreakDuration"/> and at most 1 day.</value>
    public TimeSpan? MaxBreakDuration { get; set; }

    /// <summary>Gets or sets a custom break schedule; it replaces the duration, multiplier and cap rule.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    /// <remarks>It runs on the thread of the call that opens the circuit, before the transition, and must be fast.
    /// A negative result counts as zero and one longer than 1 day as 1 day. When it throws, the default schedule applies
    /// for that trip, and the exception is logged (rate-limited) and counted in <c>resilience.circuit_breaker.callback.errors</c>.</remarks>
    public Func<BreakDurationGeneratorArguments, TimeSpan>? BreakDurationGenerator { get; set; }

    /// <summary>Gets or sets how many probe calls may run at once while half-open; further calls are rejected at once.</summary>
    /// <value>The default is 3. Must be between 1 and 1,000.</value>
    public int HalfOpenMaxCalls { get; set; } = CircuitBreakerConstants.DefaultHalfOpenMaxCalls;

    /// <summary>
    /// Gets or sets the longest the circuit stays half-open while every probe slot is taken (resilience4j's
    /// <c>maxWaitDurationInHalfOpenState</c>): after it, the circuit opens again for a break, as if a probe had failed.
    /// </summary>
    /// <value>The default is 2 minutes (longer than the HTTP preset's 100-second total timeout). Must be between 0.5 seconds and 1 day.</value>
    /// <remarks>
    /// <para>Without it a probe that never completes (a hung call, or a permit that is never recorded) would hold its
    /// slot for ever, and with every slot held every call would be rejected until a manual <see cref="CircuitBreaker.Reset"/>.</para>
    /// <para>It is measured from the moment the circuit became half-open and checked, without a timer, by the first call
    /// rejected after it. The stuck probes stop counting (a late outcome of theirs is stale and changes nothing) and the
    /// next half-open period gets fresh probe slots. Reopening rather than admitting fresh probes at once: a probe that
    /// does not answer is the classic symptom of a sick service, so it counts like a failed probe (the break grows).</para>
    /// </remarks>
    public TimeSpan MaxHalfOpenDuration { get; set; } = CircuitBreakerConstants.DefaultMaxHalfOpenDuration;

    /// <summary>Gets or sets how many successful probes close the circuit.</summary>
    /// <value>The default is 1. Must be at least 1 and at most <see cref="HalfOpenMaxCalls"/>.</value>
    public int SuccessThreshold { get; set; } = CircuitBreakerConstants.DefaultSuccessThreshold;

    /// <summary>Gets or sets the predicate that decides whether an outcome (an exception or a result) is a failure.</summary>
    /// <value>The default is <see langword="null"/>: every exception is a failure and no result is.</value>
    /// <remarks>It is not consulted for the caller's own cancellation nor for <see cref="ExcludedExceptions"/>,
    /// which never count. An outcome it does not handle counts as a success.</remarks>
    public Func<OutcomeArguments, bool>? ShouldHandle { get; set; }

    /// <summary>Gets or sets the exception types (and types derived from them) that are passed on to the caller and never counted.</summary>
    /// <value>The default is empty.</value>
#pragma warning disable CA2227 // Settable so options can be copied and bound; the breaker takes a copy.
    public ICollection<Type> ExcludedExceptions { get; set; } = new List<Type>();
#pragma warning restore CA2227

    /// <summary>Gets or sets the listener that receives the breaker's transitions (opened, half-opened, closed, isolated; each
    /// once) and what it absorbs instead of throwing (a callback's exception, a slow call, a stale outcome), rate-limited; the
    /// dependency-injection integration's registry reports to one that logs them (category <c>Resilience.CircuitBreaking</c>).</summary>
    /// <value>The default is <see langword="null"/>: a breaker of the registry reports to the registry's listener, a breaker built
    /// by hand raises no events (it still counts in the metrics). Read when the breaker is created, not on <see cref="CircuitBreaker.UpdateOptions"/>.</value>
    public ResilienceTelemetryListener? TelemetryListener { get; set; }

    /// <summary>Whether <paramref name="other"/> would make a breaker behave exactly as these options do, so a reload
    /// that brings it changes nothing (a configuration file raises one change per source, and one for every section in it).</summary>
    /// <remarks>Delegates compare as <see cref="Delegate.Equals(object?)"/> does (the same method on the same target): a
    /// capturing lambda configured again is a new delegate and counts as a change, which is the safe side.</remarks>
    internal bool HasSameSettings(CircuitBreakerOptions other) =>
        TripPolicy == other.TripPolicy
        && FailureThreshold == other.FailureThreshold
        && FailureRatio.Equals(other.FailureRatio)
        && SamplingDuration == other.SamplingDuration
        && MinimumThroughput == other.MinimumThroughput
        && SlowCallDuration == other.SlowCallDuration
        && BreakDuration == other.BreakDuration
        && BreakDurationMultiplier.Equals(other.BreakDurationMultiplier)
        && MaxBreakDuration == other.MaxBreakDuration
        && Equals(BreakDurationGenerator, other.BreakDurationGenerator)
        && HalfOpenMaxCalls == other.HalfOpenMaxCalls
        && MaxHalfOpenDuration == other.MaxHalfOpenDuration
        && SuccessThreshold == other.SuccessThreshold
        && Equals(ShouldHandle, other.ShouldHandle)
        && (ReferenceEquals(ExcludedExceptions, other.ExcludedExceptions)
            || (ExcludedExceptions is not null && other.ExcludedExceptions is not null && ExcludedExceptions.SequenceEqual(other.ExcludedExceptions)))
        && ReferenceEquals(TelemetryListener, other.TelemetryListener);

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Defined(TripPolicy, nameof(TripPolicy));
        guard.Range(FailureThreshold, 1, CircuitBreakerConstants.MaxFailureThreshold, nameof(FailureThreshold));
        guard.Check(FailureRatio > 0 && FailureRatio <= 1, nameof(FailureRatio), "must be greater than 0 and at most 1", FailureRatio);
        guard.Range(SamplingDuration, CircuitBreakerConstants.MinDuration, CircuitBreakerConstants.MaxDuration, nameof(SamplingDuration));
        guard.Range(MinimumThroughput, CircuitBreakerConstants.MinMinimumThroughput, CircuitBreakerConstants.MaxMinimumThroughput, nameof(MinimumThroughput));
        guard.Range(SlowCallDuration, CircuitBreakerConstants.MinSlowCallDuration, CircuitBreakerConstants.MaxDuration, nameof(SlowCallDuration));
        guard.Range(BreakDuration, CircuitBreakerConstants.MinDuration, CircuitBreakerConstants.MaxDuration, nameof(BreakDuration));
        guard.Range(BreakDurationMultiplier, 1, CircuitBreakerConstants.MaxBreakDurationMultiplier, nameof(BreakDurationMultiplier));
        if (MaxBreakDuration is { } max)
        {
            guard.Check(
                max >= BreakDuration && max <= CircuitBreakerConstants.MaxDuration,
                nameof(MaxBreakDuration),
                $"must be at least BreakDuration ({OptionsGuard.Format(BreakDuration)}) and at most {OptionsGuard.Format(CircuitBreakerConstants.MaxDuration)}",
                max);
        }

        guard.Range(MaxHalfOpenDuration, CircuitBreakerConstants.MinDuration, CircuitBreakerConstants.MaxDuration, nameof(MaxHalfOpenDuration));
        guard.Range(HalfOpenMaxCalls, 1, CircuitBreakerConstants.MaxHalfOpenMaxCalls, nameof(HalfOpenMaxCalls));
        guard.AtLeast(SuccessThreshold, 1, nameof(SuccessThreshold));
        if (SuccessThreshold >= 1 && HalfOpenMaxCalls is >= 1 and <= CircuitBreakerConstants.MaxHalfOpenMaxCalls)
        {
            guard.Check(SuccessThreshold <= HalfOpenMaxCalls, nameof(SuccessThreshold), $"must be at most HalfOpenMaxCalls ({HalfOpenMaxCalls})", SuccessThreshold);
        }

        guard.NotNull(ExcludedExceptions, nameof(ExcludedExceptions));
        foreach (var type in ExcludedExceptions ?? [])
        {
            guard.Check(type is not null && typeof(Exception).IsAssignableFrom(type), nameof(ExcludedExceptions), "must contain only exception types", type?.FullName);
        }

        return guard.Errors;
    }

    /// <summary>
    /// Returns the settings that the chosen <see cref="TripPolicy"/> never reads but that differ from their defaults: each
    /// would silently do nothing. Dependency-injection validation refuses them (naming the setting and the policy that reads
    /// it) rather than guessing the policy; a breaker built in code ignores them.
    /// </summary>
    /// <returns>One message per such setting, in the shape of <see cref="GetValidationErrors"/>; empty when there is none.</returns>
    public IReadOnlyList<string> GetIneffectiveSettings()
    {
        var guard = default(OptionsGuard);
        if (TripPolicy == CircuitBreakerTripPolicy.ConsecutiveFailures)
        {
            Ineffective(ref guard, FailureRatio != CircuitBreakerConstants.DefaultFailureRatio, nameof(FailureRatio), FailureRatio, CircuitBreakerTripPolicy.FailureRatio);
            Ineffective(ref guard, MinimumThroughput != CircuitBreakerConstants.DefaultMinimumThroughput, nameof(MinimumThroughput), MinimumThroughput, CircuitBreakerTripPolicy.FailureRatio);
        }
        else if (TripPolicy == CircuitBreakerTripPolicy.FailureRatio)
        {
            Ineffective(ref guard, FailureThreshold != CircuitBreakerConstants.DefaultFailureThreshold, nameof(FailureThreshold), FailureThreshold, CircuitBreakerTripPolicy.ConsecutiveFailures);
        }

        return guard.Errors;
    }

    private void Ineffective(ref OptionsGuard guard, bool isSet, string option, object value, CircuitBreakerTripPolicy readBy) => guard.Check(
        !isSet,
        option,
        $"has no effect with TripPolicy = {TripPolicy} (only TripPolicy = {readBy} reads it): set TripPolicy to {readBy}, or remove it",
        value);
}
