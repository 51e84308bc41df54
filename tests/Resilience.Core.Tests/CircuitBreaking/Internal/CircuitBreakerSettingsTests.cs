using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.Core.Tests.CircuitBreaking.Internal;

public sealed class CircuitBreakerSettingsTests
{
    [Fact]
    public void DefaultBreakDuration_GrowsByMultiplierUpToCap()
    {
        var settings = new CircuitBreakerSettings(
            new CircuitBreakerOptions { BreakDuration = TimeSpan.FromSeconds(5), BreakDurationMultiplier = 3, MaxBreakDuration = TimeSpan.FromMinutes(1) },
            TimeProvider.System);

        Enumerable.Range(1, 5).Select(settings.DefaultBreakDuration).Should().Equal(
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void DefaultBreakDuration_HugeTripCountWithoutCap_SaturatesAtOneDay()
    {
        var settings = new CircuitBreakerSettings(new CircuitBreakerOptions { BreakDurationMultiplier = 10 }, TimeProvider.System);

        settings.DefaultBreakDuration(int.MaxValue).Should().Be(TimeSpan.FromDays(1), "without a cap, growth stops at the longest break");
        TimeMath.ToTimestampTicks(TimeSpan.MaxValue, TimeProvider.System).Should().Be(TimeMath.Never);
        TimeMath.AddSaturated(TimeMath.Never - 5, TimeMath.Never).Should().Be(TimeMath.Never);
        TimeMath.AddSaturated(DateTimeOffset.MaxValue.AddDays(-1), TimeSpan.MaxValue).Should().Be(DateTimeOffset.MaxValue);
    }

    [Fact]
    public void Ctor_CopiesExcludedExceptions()
    {
        var options = new CircuitBreakerOptions { ExcludedExceptions = { typeof(ArgumentException) } };
        var settings = new CircuitBreakerSettings(options, TimeProvider.System);

        options.ExcludedExceptions.Clear();

        settings.IsExcluded(new ArgumentNullException()).Should().BeTrue();
        settings.IsExcluded(new InvalidOperationException()).Should().BeFalse();
    }
}
