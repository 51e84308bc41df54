using Resilience.Internal;

namespace Resilience.Chaos.Internal;

/// <summary>The base of the chaos injectors: decides, per call, whether to inject. Thread-safe if the randomizer is.</summary>
internal abstract class ChaosStrategy : ResilienceStrategy
{
    private static readonly Func<double> SharedRandomizer = Random.Shared.NextDouble;

    private readonly bool _enabled;
    private readonly Func<ResilienceContext, bool>? _enabledGenerator;
    private readonly double _injectionRate;
    private readonly Func<double> _randomizer;
    private readonly ChaosStrategyOptions _options;
    private long _injected;

    protected ChaosStrategy(ChaosStrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _options = options;
        _enabled = options.Enabled;
        _enabledGenerator = options.EnabledGenerator;
        _injectionRate = options.InjectionRate;
        _randomizer = options.Randomizer ?? SharedRandomizer;
    }

    /// <summary>Gets the chaos options the injector was built from.</summary>
    public override object? Options => _options;

    /// <summary>Gets the number of calls this injector has injected into.</summary>
    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>Decides whether to inject into this call; the randomizer is only consulted when the injector is on.</summary>
    protected bool ShouldInject(ResilienceContext context)
    {
        var enabled = _enabledGenerator is null ? _enabled : _enabledGenerator(context);
        if (!enabled || _injectionRate <= 0d || _randomizer() >= _injectionRate)
        {
            return false;
        }

        Interlocked.Increment(ref _injected);
        return true;
    }

    protected static ArgumentException Required(ChaosStrategyOptions options, string member) =>
        new($"Invalid {options.GetType().Name}: {member} must be set; it was null.", nameof(options));
}
