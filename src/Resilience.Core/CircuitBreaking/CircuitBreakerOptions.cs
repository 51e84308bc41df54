using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry;

namespace Resilience.CircuitBreaking;

/// <summary>The settings of a <see cref="CircuitBreaker"/>.</summary>
/// <remarks>
/// <para>A breaker copies these options when it is created (and in <see cref="CircuitBreaker.UpdateOptions"/>), so
/// changing an instance afterwards does not change a running breaker.</para>
/// <para>The class is not sealed so adapters can derive options with their own defaults.</para>
/// </remarks>
public class CircuitBreakerOptions
{
    /// <summary>Gets or sets how a closed circuit decides to open.</summary>
    /// <value>The default is <see cref="CircuitBreakerTripPolicy.ConsecutiveFailures"/>.</value>
    public CircuitBreakerTripPolicy TripPolicy { get; set; } = CircuitBreakerConstants.DefaultTripPolicy;

    /// <summary>Gets or sets how many failures in a row open the circuit (<see cref="CircuitBreakerTripPolicy.ConsecutiveFailures"/>).</summary>
    /// <value>The default is 5. Must be between 1 and 10,000.</value>
    [Range(1, CircuitBreakerConstants.MaxFailureThreshold)]
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
    [Range(CircuitBreakerConstants.MinMinimumThroughput, CircuitBreakerConstants.MaxMinimumThroughput)]
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
    [Range(1, CircuitBreakerConstants.MaxHalfOpenMaxCalls)]
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
    [Range(1, CircuitBreakerConstants.MaxHalfOpenMaxCalls)]
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

    /// <summary>Gets or sets the listener that receives what the breaker absorbs instead of throwing (a callback's exception,
    /// a slow call, a stale outcome), rate-limited; the dependency-injection integration sets one that logs them (category
    /// <c>Resilience.CircuitBreaking</c>).</summary>
    /// <value>The default is <see langword="null"/>: a breaker of the registry reports to the registry's listener, a breaker built
    /// by hand raises no events (it still counts in the metrics). Read when the breaker is created, not on <see cref="CircuitBreaker.UpdateOptions"/>.</value>
    public ResilienceTelemetryListener? TelemetryListener { get; set; }

    /// <summary>Checks the options and returns one message per problem, naming the option and its value.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    /// <remarks>Usable from an <c>IValidateOptions&lt;CircuitBreakerOptions&gt;</c> implementation.</remarks>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(TripPolicy))
        {
            errors.Add(Invalid(nameof(TripPolicy), TripPolicy, "must be ConsecutiveFailures or FailureRatio"));
        }

        CheckRange(errors, nameof(FailureThreshold), FailureThreshold, 1, CircuitBreakerConstants.MaxFailureThreshold);

        if (double.IsNaN(FailureRatio) || FailureRatio <= 0 || FailureRatio > 1)
        {
            errors.Add(Invalid(nameof(FailureRatio), FailureRatio, "must be greater than 0 and at most 1"));
        }

        CheckRange(errors, nameof(SamplingDuration), SamplingDuration, CircuitBreakerConstants.MinDuration, CircuitBreakerConstants.MaxDuration);
        CheckRange(errors, nameof(MinimumThroughput), MinimumThroughput, CircuitBreakerConstants.MinMinimumThroughput, CircuitBreakerConstants.MaxMinimumThroughput);
        if (SlowCallDuration is { } slow)
        {
            CheckRange(errors, nameof(SlowCallDuration), slow, CircuitBreakerConstants.MinSlowCallDuration, CircuitBreakerConstants.MaxDuration);
        }

        CheckRange(errors, nameof(BreakDuration), BreakDuration, CircuitBreakerConstants.MinDuration, CircuitBreakerConstants.MaxDuration);
        if (!(BreakDurationMultiplier >= 1 && BreakDurationMultiplier <= CircuitBreakerConstants.MaxBreakDurationMultiplier))
        {
            errors.Add(Invalid(nameof(BreakDurationMultiplier), BreakDurationMultiplier, $"must be a number between 1 and {Format(CircuitBreakerConstants.MaxBreakDurationMultiplier)}"));
        }

        if (MaxBreakDuration is { } max && (max < BreakDuration || max > CircuitBreakerConstants.MaxDuration))
        {
            errors.Add(Invalid(nameof(MaxBreakDuration), max, $"must be at least BreakDuration ({Format(BreakDuration)}) and at most {Format(CircuitBreakerConstants.MaxDuration)}"));
        }

        CheckRange(errors, nameof(MaxHalfOpenDuration), MaxHalfOpenDuration, CircuitBreakerConstants.MinDuration, CircuitBreakerConstants.MaxDuration);

        CheckRange(errors, nameof(HalfOpenMaxCalls), HalfOpenMaxCalls, 1, CircuitBreakerConstants.MaxHalfOpenMaxCalls);

        if (SuccessThreshold < 1)
        {
            errors.Add(Invalid(nameof(SuccessThreshold), SuccessThreshold, "must be at least 1"));
        }
        else if (SuccessThreshold > HalfOpenMaxCalls && HalfOpenMaxCalls is >= 1 and <= CircuitBreakerConstants.MaxHalfOpenMaxCalls)
        {
            errors.Add(Invalid(nameof(SuccessThreshold), SuccessThreshold, $"must be at most HalfOpenMaxCalls ({HalfOpenMaxCalls})"));
        }

        if (ExcludedExceptions is null)
        {
            errors.Add($"{nameof(CircuitBreakerOptions)}.{nameof(ExcludedExceptions)} must not be null.");
        }
        else
        {
            foreach (var type in ExcludedExceptions)
            {
                if (type is null || !typeof(Exception).IsAssignableFrom(type))
                {
                    errors.Add(Invalid(nameof(ExcludedExceptions), type?.FullName ?? "null", "must contain only exception types"));
                }
            }
        }

        return errors;
    }

    /// <summary>Checks the options and throws when they are invalid.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public void Validate() => ThrowIfInvalid(paramName: null);

    internal void ThrowIfInvalid(string? paramName)
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid circuit breaker options: " + string.Join(" ", errors), paramName);
        }
    }

    private static void CheckRange<T>(List<string> errors, string option, T value, T min, T max)
        where T : IComparable<T>
    {
        // One side per message, in the shape of the other rules ("must be at least 1, but was 0.").
        if (value.CompareTo(min) < 0)
        {
            errors.Add(Invalid(option, value, $"must be at least {Format(min)}"));
        }
        else if (value.CompareTo(max) > 0)
        {
            errors.Add(Invalid(option, value, $"must be at most {Format(max)}"));
        }
    }

    private static string Invalid(string option, object value, string rule) =>
        $"{nameof(CircuitBreakerOptions)}.{option} {rule}, but was {Format(value)}.";

    private static string Format(object value) => value switch
    {
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
