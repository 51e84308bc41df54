using Resilience.CircuitBreaking;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>One sample of a breaker: when, its state and its success rate (0 to 100).</summary>
internal readonly record struct DashboardSample(DateTimeOffset At, CircuitState State, double SuccessRate);
