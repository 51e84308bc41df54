using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection.Internal;

namespace Resilience.Http.Internal;

/// <summary>
/// Gives the breaker of a standard-preset client with one breaker (named <c>{client}</c>) the client's
/// <see cref="StandardHttpResilienceOptions.CircuitBreaker"/> options as their base: in the application's registry it
/// is the template step of the named <see cref="CircuitBreakerOptions"/>, which <c>Resilience:CircuitBreakers:{name}</c>
/// and code then change; in the adapter's own registry (when the application has none) it is all of them.
/// </summary>
internal sealed class HttpBreakerOptionsSetup : ICircuitBreakerOptionsTemplate
{
    private readonly HttpStandardClients _clients;
    private readonly IOptionsMonitor<StandardHttpResilienceOptions> _options;

    public HttpBreakerOptionsSetup(HttpStandardClients clients, IOptionsMonitor<StandardHttpResilienceOptions> options)
    {
        _clients = clients;
        _options = options;
    }

    public void Configure(string name, CircuitBreakerOptions options)
    {
        if (_clients.FindOwner(name) is { } client)
        {
            CopyTo(_options.Get(client).CircuitBreaker, options);
        }
    }

    /// <summary>Creates the options of one breaker of the adapter's own registry.</summary>
    public CircuitBreakerOptions Create(string name)
    {
        var options = new CircuitBreakerOptions();
        Configure(name, options);
        return options;
    }

    private static void CopyTo(CircuitBreakerOptions source, CircuitBreakerOptions target)
    {
        target.TripPolicy = source.TripPolicy;
        target.FailureThreshold = source.FailureThreshold;
        target.FailureRatio = source.FailureRatio;
        target.SamplingDuration = source.SamplingDuration;
        target.MinimumThroughput = source.MinimumThroughput;
        target.SlowCallDuration = source.SlowCallDuration;
        target.BreakDuration = source.BreakDuration;
        target.BreakDurationMultiplier = source.BreakDurationMultiplier;
        target.MaxBreakDuration = source.MaxBreakDuration;
        target.BreakDurationGenerator = source.BreakDurationGenerator;
        target.HalfOpenMaxCalls = source.HalfOpenMaxCalls;
        target.MaxHalfOpenDuration = source.MaxHalfOpenDuration;
        target.SuccessThreshold = source.SuccessThreshold;
        target.TelemetryListener = source.TelemetryListener;
        target.ShouldHandle = source.ShouldHandle;
        target.ExcludedExceptions = [.. source.ExcludedExceptions];
    }
}
