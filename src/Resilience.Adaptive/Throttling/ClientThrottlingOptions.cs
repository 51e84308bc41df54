using Resilience.Internal;

namespace Resilience.Throttling;

/// <summary>Options of a <see cref="ClientThrottlingStrategy"/>: the multiplier K, the window, what the backend did not accept.</summary>
/// <remarks>The stage copies the options when it is created. Defaults follow the SRE book ("Handling Overload"): K = 2 over the last two minutes.</remarks>
public class ClientThrottlingOptions : IValidatableOptions
{
    /// <summary>Gets or sets the name in telemetry (the <c>client_throttling.name</c> tag) and in rejections.</summary>
    /// <value>The default value is <see langword="null"/>: the pipeline's name, or <c>default</c>.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets K: the client sends up to K requests per request the backend accepts before it rejects locally.</summary>
    /// <value>The default value is 2. Must be between 1 and 100. Lower is more aggressive (1.1 sheds as soon as the backend
    /// rejects one request in ten); higher lets more doomed requests through, which the backend has to reject itself.</value>
    public double Multiplier { get; set; } = ClientThrottlingConstants.DefaultMultiplier;

    /// <summary>Gets or sets how long a request and an accept count before they expire.</summary>
    /// <value>The default value is 2 minutes. Must be between 1 second and 1 hour. Kept in 10 rolling slots, so counts expire in steps of a tenth of it.</value>
    public TimeSpan Window { get; set; } = ClientThrottlingConstants.DefaultWindow;

    /// <summary>Gets or sets the highest rejection probability, so that a share of the traffic always reaches the backend.</summary>
    /// <value>The default value is 1: the SRE formula as it is (it stays below 1 by itself, so a dead backend still gets the
    /// odd probe). Must be between 0 and 1; 0.9 sends at least a tenth of the traffic whatever the backend does.</value>
    public double MaxRejectionProbability { get; set; } = ClientThrottlingConstants.DefaultMaxRejectionProbability;

    /// <summary>Gets or sets the predicate that decides whether the backend did not accept a request (it was overloaded,
    /// rejected it or did not answer in time).</summary>
    /// <value>The default value is <see langword="null"/>: every exception is a non-accept, every result an accept. Whatever the
    /// predicate says, the caller's own cancellation and a rejection by a stage inside this one (an open circuit, a full
    /// bulkhead; not a timeout) are not counted at all: the backend never saw them.</value>
    public Func<OutcomeArguments, bool>? ShouldHandle { get; set; }

    /// <summary>Gets or sets the source of random numbers in [0, 1) the rejection is drawn from.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="Random.Shared"/>. Set a seeded one (<c>new Random(42).NextDouble</c>)
    /// for reproducible tests; it is called under no lock, so it must be thread-safe if the stage is shared.</value>
    public Func<double>? Randomizer { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(Multiplier, ClientThrottlingConstants.MinMultiplier, ClientThrottlingConstants.MaxMultiplier, nameof(Multiplier));
        guard.Range(Window, ClientThrottlingConstants.MinWindow, ClientThrottlingConstants.MaxWindow, nameof(Window));
        guard.Range(MaxRejectionProbability, 0.0, 1.0, nameof(MaxRejectionProbability));
        guard.Check(Name is null || Name.Length > 0, nameof(Name), "must not be empty when set", Name);
        return guard.Errors;
    }
}
