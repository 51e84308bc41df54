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
            "TripPolicy must be one of ConsecutiveFailures, FailureRatio; it was 7.",
            "FailureThreshold must be between 1 and 10000; it was 0.",
            "FailureRatio must be greater than 0 and at most 1; it was 1.5.",
            "SamplingDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 00:00:00.",
            "MinimumThroughput must be between 2 and 1000000; it was -1.",
            "SlowCallDuration must be between 00:00:00.0010000 and 1.00:00:00; it was -00:00:01.",
            "BreakDuration must be between 00:00:00.5000000 and 1.00:00:00; it was -00:00:02.",
            "BreakDurationMultiplier must be between 1 and 100; it was NaN.",
            "MaxBreakDuration must be at least BreakDuration (-00:00:02) and at most 1.00:00:00; it was -00:00:03.",
            "MaxHalfOpenDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 00:00:00.",
            "HalfOpenMaxCalls must be between 1 and 1000; it was 0.",
            "SuccessThreshold must be at least 1; it was 0.",
            "ExcludedExceptions must contain only exception types; it was 'System.String'.");
        FluentActions.Invoking(() => new CircuitBreaker("svc", options)).Should().Throw<ArgumentException>()
            .WithMessage("Invalid CircuitBreakerOptions: TripPolicy must be*ExcludedExceptions must contain only exception types; it was 'System.String'.*");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(1.0000001)]
    public void Validate_FailureRatioOutsideRange_Rejected(double ratio)
    {
        var options = new CircuitBreakerOptions { FailureRatio = ratio };

        options.GetValidationErrors().Should().ContainSingle().Which.Should().StartWith("FailureRatio must be greater than 0 and at most 1");
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

        options.GetValidationErrors().Should().Equal("SuccessThreshold must be at most HalfOpenMaxCalls (2); it was 3.");
    }

    [Fact]
    public void Validate_MaxBreakDurationBelowBreakDuration_Rejected()
    {
        var options = new CircuitBreakerOptions { BreakDuration = TimeSpan.FromMinutes(2), MaxBreakDuration = TimeSpan.FromMinutes(1) };

        options.GetValidationErrors().Should().Equal("MaxBreakDuration must be at least BreakDuration (00:02:00) and at most 1.00:00:00; it was 00:01:00.");
    }

    [Fact]
    public void Validate_InfiniteMultiplier_Rejected()
    {
        new CircuitBreakerOptions { BreakDurationMultiplier = double.PositiveInfinity }.GetValidationErrors()
            .Should().Equal("BreakDurationMultiplier must be between 1 and 100; it was Infinity.");
    }

    [Fact]
    public void Validate_NullExcludedExceptions_Rejected()
    {
        new CircuitBreakerOptions { ExcludedExceptions = null! }.GetValidationErrors()
            .Should().Equal("ExcludedExceptions must be set; it was null.");
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

        FluentActions.Invoking(() => new CircuitBreaker("svc", options)).Should().NotThrow();
    }

    [Theory]
    [InlineData("BreakDuration", "10675199.02:48:05.4775807", "BreakDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 10675199.02:48:05.4775807.")]
    [InlineData("BreakDuration", "00:00:00.4990000", "BreakDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 00:00:00.4990000.")]
    [InlineData("SamplingDuration", "00:00:00.0000001", "SamplingDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 00:00:00.0000001.")]
    [InlineData("SamplingDuration", "1.00:00:00.0000001", "SamplingDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 1.00:00:00.0000001.")]
    [InlineData("SlowCallDuration", "10675199.02:48:05.4775807", "SlowCallDuration must be between 00:00:00.0010000 and 1.00:00:00; it was 10675199.02:48:05.4775807.")]
    [InlineData("MaxBreakDuration", "2.00:00:00", "MaxBreakDuration must be at least BreakDuration (00:01:00) and at most 1.00:00:00; it was 2.00:00:00.")]
    [InlineData("MaxHalfOpenDuration", "10675199.02:48:05.4775807", "MaxHalfOpenDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 10675199.02:48:05.4775807.")]
    public void Validate_DurationOutsideTheWorkingRange_RefusedNamingOptionAndValue(string option, string value, string message)
    {
        var options = new CircuitBreakerOptions();
        var duration = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        typeof(CircuitBreakerOptions).GetProperty(option)!.SetValue(options, duration);

        options.GetValidationErrors().Should().Equal(message);
    }

    [Theory]
    [InlineData("FailureThreshold", int.MaxValue, "FailureThreshold must be between 1 and 10000; it was 2147483647.")]
    [InlineData("FailureThreshold", 10_001, "FailureThreshold must be between 1 and 10000; it was 10001.")]
    [InlineData("MinimumThroughput", 1, "MinimumThroughput must be between 2 and 1000000; it was 1.")]
    [InlineData("MinimumThroughput", int.MaxValue, "MinimumThroughput must be between 2 and 1000000; it was 2147483647.")]
    [InlineData("HalfOpenMaxCalls", int.MaxValue, "HalfOpenMaxCalls must be between 1 and 1000; it was 2147483647.")]
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
            .Should().ContainSingle().Which.Should().StartWith("BreakDurationMultiplier must be between 1 and 100; it was ");
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
