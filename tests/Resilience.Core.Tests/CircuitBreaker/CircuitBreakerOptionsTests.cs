using Resilience.CircuitBreaker;

namespace Resilience.Core.Tests.CircuitBreaker;

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
            SuccessThreshold = 0,
            ExcludedExceptions = { typeof(string) },
        };

        options.GetValidationErrors().Should().Equal(
            "CircuitBreakerOptions.TripPolicy must be ConsecutiveFailures or FailureRatio, but was 7.",
            "CircuitBreakerOptions.FailureThreshold must be at least 1, but was 0.",
            "CircuitBreakerOptions.FailureRatio must be greater than 0 and at most 1, but was 1.5.",
            "CircuitBreakerOptions.SamplingDuration must be positive, but was 00:00:00.",
            "CircuitBreakerOptions.MinimumThroughput must be at least 1, but was -1.",
            "CircuitBreakerOptions.SlowCallDuration must be positive when set, but was -00:00:01.",
            "CircuitBreakerOptions.BreakDuration must be positive, but was -00:00:02.",
            "CircuitBreakerOptions.BreakDurationMultiplier must be a finite number of at least 1, but was NaN.",
            "CircuitBreakerOptions.MaxBreakDuration must be at least BreakDuration (-00:00:02), but was -00:00:03.",
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

        options.GetValidationErrors().Should().Equal("CircuitBreakerOptions.MaxBreakDuration must be at least BreakDuration (00:02:00), but was 00:01:00.");
    }

    [Fact]
    public void Validate_InfiniteMultiplier_Rejected()
    {
        new CircuitBreakerOptions { BreakDurationMultiplier = double.PositiveInfinity }.GetValidationErrors()
            .Should().Equal("CircuitBreakerOptions.BreakDurationMultiplier must be a finite number of at least 1, but was Infinity.");
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
}
