using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;

public sealed class CircuitBreakerOptionsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new CircuitBreakerOptions();

        options.TripPolicy.Should().Be(CircuitBreakerTripPolicy.ConsecutiveFailures);
        options.FailureThreshold.Should().Be(5);
        options.FailureRatio.Should().Be(0.5);
        options.SamplingDuration.Should().Be(TimeSpan.FromSeconds(30));
        options.MinimumThroughput.Should().Be(10);
        options.SlowCallDuration.Should().BeNull();
        options.BreakDuration.Should().Be(TimeSpan.FromSeconds(60));
        options.BreakDurationMultiplier.Should().Be(1.0);
        options.MaxBreakDuration.Should().BeNull();
        options.BreakDurationGenerator.Should().BeNull();
        options.HalfOpenMaxCalls.Should().Be(3);
        options.MaxHalfOpenDuration.Should().Be(TimeSpan.FromMinutes(2));
        options.TelemetryListener.Should().BeNull();
        options.SuccessThreshold.Should().Be(1);
        options.ShouldHandle.Should().BeNull();
        options.ExcludedExceptions.Should().BeEmpty();
        options.GetValidationErrors().Should().BeEmpty();
    }

    [Fact]
    public void Validate_InvalidOptions_ListsEveryProblemWithOptionAndValue()
    {
        var options = new CircuitBreakerOptions
        {
            TripPolicy = (CircuitBreakerTripPolicy)7,
            FailureThreshold = 0,
            FailureRatio = 1.5,
            SamplingDuration = TimeSpan.Zero,
            MinimumThroughput = -1,
            SlowCallDuration = TimeSpan.FromSeconds(-1),
            BreakDuration = TimeSpan.FromSeconds(-2),
            BreakDurationMultiplier = double.NaN,
            MaxBreakDuration = TimeSpan.FromSeconds(-3),
            HalfOpenMaxCalls = 0,
            MaxHalfOpenDuration = TimeSpan.Zero,
            SuccessThreshold = 0,
            ExcludedExceptions = { typeof(string) },
        };

        options.GetValidationErrors().Should().Equal(
            "CircuitBreakerOptions.TripPolicy must be ConsecutiveFailures or FailureRatio, but was 7.",
            "CircuitBreakerOptions.FailureThreshold must be at least 1, but was 0.",
            "CircuitBreakerOptions.FailureRatio must be greater than 0 and at most 1, but was 1.5.",
            "CircuitBreakerOptions.SamplingDuration must be at least 00:00:00.5000000, but was 00:00:00.",
            "CircuitBreakerOptions.MinimumThroughput must be at least 2, but was -1.",
            "CircuitBreakerOptions.SlowCallDuration must be at least 00:00:00.0010000, but was -00:00:01.",
            "CircuitBreakerOptions.BreakDuration must be at least 00:00:00.5000000, but was -00:00:02.",
            "CircuitBreakerOptions.BreakDurationMultiplier must be a number between 1 and 100, but was NaN.",
            "CircuitBreakerOptions.MaxBreakDuration must be at least BreakDuration (-00:00:02) and at most 1.00:00:00, but was -00:00:03.",
            "CircuitBreakerOptions.MaxHalfOpenDuration must be at least 00:00:00.5000000, but was 00:00:00.",
            "CircuitBreakerOptions.HalfOpenMaxCalls must be at least 1, but was 0.",
            "CircuitBreakerOptions.SuccessThreshold must be at least 1, but was 0.",
            "CircuitBreakerOptions.ExcludedExceptions must contain only exception types, but was System.String.");
        FluentActions.Invoking(options.Validate).Should().Throw<ArgumentException>()
            .WithMessage("Invalid circuit breaker options: CircuitBreakerOptions.TripPolicy must be*ExcludedExceptions must contain only exception types, but was System.String.");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(1.0000001)]
    public void Validate_FailureRatioOutsideRange_Rejected(double ratio)
    {
        var options = new CircuitBreakerOptions { FailureRatio = ratio };

        options.GetValidationErrors().Should().ContainSingle().Which.Should().StartWith("CircuitBreakerOptions.FailureRatio must be greater than 0 and at most 1");
    }

    [Fact]
    public void Validate_FailureRatioOne_Accepted()
    {
        new CircuitBreakerOptions { FailureRatio = 1 }.GetValidationErrors().Should().BeEmpty();
    }

    [Fact]
    public void Validate_SuccessThresholdAboveHalfOpenMaxCalls_Rejected()
    {
        var options = new CircuitBreakerOptions { HalfOpenMaxCalls = 2, SuccessThreshold = 3 };

        options.GetValidationErrors().Should().Equal("CircuitBreakerOptions.SuccessThreshold must be at most HalfOpenMaxCalls (2), but was 3.");
    }

    [Fact]
    public void Validate_MaxBreakDurationBelowBreakDuration_Rejected()
    {
        var options = new CircuitBreakerOptions { BreakDuration = TimeSpan.FromMinutes(2), MaxBreakDuration = TimeSpan.FromMinutes(1) };

        options.GetValidationErrors().Should().Equal("CircuitBreakerOptions.MaxBreakDuration must be at least BreakDuration (00:02:00) and at most 1.00:00:00, but was 00:01:00.");
    }

    [Fact]
    public void Validate_InfiniteMultiplier_Rejected()
    {
        new CircuitBreakerOptions { BreakDurationMultiplier = double.PositiveInfinity }.GetValidationErrors()
            .Should().Equal("CircuitBreakerOptions.BreakDurationMultiplier must be a number between 1 and 100, but was Infinity.");
    }

    [Fact]
    public void Validate_NullExcludedExceptions_Rejected()
    {
        new CircuitBreakerOptions { ExcludedExceptions = null! }.GetValidationErrors()
            .Should().Equal("CircuitBreakerOptions.ExcludedExceptions must not be null.");
    }

    [Fact]
    public void Validate_ValidOptions_DoesNotThrow()
    {
        var options = new CircuitBreakerOptions
        {
            TripPolicy = CircuitBreakerTripPolicy.FailureRatio,
            SlowCallDuration = TimeSpan.FromSeconds(2),
            BreakDurationMultiplier = 2,
            MaxBreakDuration = TimeSpan.FromMinutes(10),
            HalfOpenMaxCalls = 5,
            SuccessThreshold = 5,
            ExcludedExceptions = { typeof(ArgumentException) },
        };

        FluentActions.Invoking(options.Validate).Should().NotThrow();
    }

    [Theory]
    [InlineData("BreakDuration", "10675199.02:48:05.4775807", "CircuitBreakerOptions.BreakDuration must be at most 1.00:00:00, but was 10675199.02:48:05.4775807.")]
    [InlineData("BreakDuration", "00:00:00.4990000", "CircuitBreakerOptions.BreakDuration must be at least 00:00:00.5000000, but was 00:00:00.4990000.")]
    [InlineData("SamplingDuration", "00:00:00.0000001", "CircuitBreakerOptions.SamplingDuration must be at least 00:00:00.5000000, but was 00:00:00.0000001.")]
    [InlineData("SamplingDuration", "1.00:00:00.0000001", "CircuitBreakerOptions.SamplingDuration must be at most 1.00:00:00, but was 1.00:00:00.0000001.")]
    [InlineData("SlowCallDuration", "10675199.02:48:05.4775807", "CircuitBreakerOptions.SlowCallDuration must be at most 1.00:00:00, but was 10675199.02:48:05.4775807.")]
    [InlineData("MaxBreakDuration", "2.00:00:00", "CircuitBreakerOptions.MaxBreakDuration must be at least BreakDuration (00:01:00) and at most 1.00:00:00, but was 2.00:00:00.")]
    [InlineData("MaxHalfOpenDuration", "10675199.02:48:05.4775807", "CircuitBreakerOptions.MaxHalfOpenDuration must be at most 1.00:00:00, but was 10675199.02:48:05.4775807.")]
    public void Validate_DurationOutsideTheWorkingRange_RefusedNamingOptionAndValue(string option, string value, string message)
    {
        var options = new CircuitBreakerOptions();
        var duration = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        typeof(CircuitBreakerOptions).GetProperty(option)!.SetValue(options, duration);

        options.GetValidationErrors().Should().Equal(message);
    }

    [Theory]
    [InlineData("FailureThreshold", int.MaxValue, "CircuitBreakerOptions.FailureThreshold must be at most 10000, but was 2147483647.")]
    [InlineData("FailureThreshold", 10_001, "CircuitBreakerOptions.FailureThreshold must be at most 10000, but was 10001.")]
    [InlineData("MinimumThroughput", 1, "CircuitBreakerOptions.MinimumThroughput must be at least 2, but was 1.")]
    [InlineData("MinimumThroughput", int.MaxValue, "CircuitBreakerOptions.MinimumThroughput must be at most 1000000, but was 2147483647.")]
    [InlineData("HalfOpenMaxCalls", int.MaxValue, "CircuitBreakerOptions.HalfOpenMaxCalls must be at most 1000, but was 2147483647.")]
    public void Validate_CountOutsideTheWorkingRange_RefusedNamingOptionAndValue(string option, int value, string message)
    {
        var options = new CircuitBreakerOptions();
        typeof(CircuitBreakerOptions).GetProperty(option)!.SetValue(options, value);

        options.GetValidationErrors().Should().Equal(message);
    }

    [Theory]
    [InlineData(100.0000001)]
    [InlineData(1e300)]
    public void Validate_MultiplierAbove100_Refused(double multiplier)
    {
        new CircuitBreakerOptions { BreakDurationMultiplier = multiplier }.GetValidationErrors()
            .Should().ContainSingle().Which.Should().StartWith("CircuitBreakerOptions.BreakDurationMultiplier must be a number between 1 and 100, but was ");
    }

    [Fact]
    public void Validate_EveryBoundItself_Accepted()
    {
        new CircuitBreakerOptions
        {
            FailureThreshold = 10_000,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromMilliseconds(500),
            BreakDuration = TimeSpan.FromDays(1),
            MaxBreakDuration = TimeSpan.FromDays(1),
            BreakDurationMultiplier = 100,
            SlowCallDuration = TimeSpan.FromMilliseconds(1),
            MaxHalfOpenDuration = TimeSpan.FromDays(1),
            HalfOpenMaxCalls = 1000,
            SuccessThreshold = 1000,
        }.GetValidationErrors().Should().BeEmpty();
    }
}
