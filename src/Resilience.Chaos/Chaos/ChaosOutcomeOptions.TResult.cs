using Resilience.Internal;

namespace Resilience.Chaos;

/// <summary>Options of a result injector: the injected call returns a made-up result (for example an HTTP 503) instead of running.</summary>
/// <typeparam name="TResult">The type of the injected result; calls of other result types are never touched.</typeparam>
public class ChaosOutcomeOptions<TResult> : ChaosStrategyOptions
{
    /// <summary>Gets or sets the function that creates the injected result. Required.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<ResilienceContext, TResult>? OutcomeGenerator { get; set; }

    internal override void AddValidationErrors(ref OptionsGuard guard) => guard.NotNull(OutcomeGenerator, nameof(OutcomeGenerator));
}
