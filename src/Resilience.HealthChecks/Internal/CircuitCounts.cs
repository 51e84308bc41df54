using Resilience.CircuitBreaking;

namespace Resilience.HealthChecks.Internal;

/// <summary>Counts circuits per state while a health check walks the registry. Not thread-safe (one per check).</summary>
internal sealed class CircuitCounts
{
    public int Total { get; private set; }

    public int Closed { get; private set; }

    public int Open { get; private set; }

    public int HalfOpen { get; private set; }

    public int Isolated { get; private set; }

    public void Add(CircuitState state)
    {
        Total++;
        switch (state)
        {
            case CircuitState.Closed: Closed++; break;
            case CircuitState.Open: Open++; break;
            case CircuitState.HalfOpen: HalfOpen++; break;
            default: Isolated++; break;
        }
    }

    public IReadOnlyDictionary<string, object> ToData(IReadOnlyList<string> openNames) => new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["total"] = Total,
        ["closed"] = Closed,
        ["open"] = Open,
        ["half_open"] = HalfOpen,
        ["isolated"] = Isolated,
        ["open_circuits"] = openNames,
    };
}
