using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Resilience.Monitoring.Internal;

namespace Resilience.Monitoring.Tests.Monitoring.Internal;

public sealed class HealthScoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CircuitState.Closed, 100.0, 100)]
    [InlineData(CircuitState.Open, 100.0, 50)]
    [InlineData(CircuitState.Isolated, 100.0, 50)]
    [InlineData(CircuitState.HalfOpen, 100.0, 75)]
    [InlineData(CircuitState.Closed, 79.9, 90)]
    [InlineData(CircuitState.Closed, 80.0, 100)]
    [InlineData(CircuitState.Closed, 49.9, 75)]
    [InlineData(CircuitState.Closed, 50.0, 90)]
    [InlineData(CircuitState.HalfOpen, 60.0, 65)]
    [InlineData(CircuitState.Open, 10.0, 25)]
    public void Compute_StateAndSuccessRate_DeductsGuidePenalties(CircuitState state, double successRate, int expected)
    {
        HealthScore.Compute(state, successRate, []).Should().Be(expected);
    }

    [Fact]
    public void Compute_TransitionsToOpen_DeductFiveEachAmongLastTenOnly()
    {
        // 12 changes: the first two (outside the last ten) are opens and must not count; the last ten hold 3 opens.
        var changes = new List<CircuitStateChange>
        {
            Change(CircuitState.Closed, CircuitState.Open),
            Change(CircuitState.Open, CircuitState.Open),
        };
        for (var i = 0; i < 7; i++)
        {
            changes.Add(Change(CircuitState.Open, CircuitState.HalfOpen));
        }

        changes.AddRange([Change(CircuitState.HalfOpen, CircuitState.Open), Change(CircuitState.HalfOpen, CircuitState.Open), Change(CircuitState.HalfOpen, CircuitState.Open)]);

        HealthScore.Compute(CircuitState.Closed, 100, changes.ToArray()).Should().Be(85);
    }

    [Fact]
    public void Compute_ManyPenalties_FloorsAtZero()
    {
        var opens = Enumerable.Repeat(Change(CircuitState.HalfOpen, CircuitState.Open), 10).ToArray();

        HealthScore.Compute(CircuitState.Open, 0, opens).Should().Be(0);
    }

    private static CircuitStateChange Change(CircuitState from, CircuitState to) => new("svc", from, to, null, T0);
}
