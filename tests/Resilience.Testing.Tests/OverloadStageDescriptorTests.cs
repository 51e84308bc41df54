using System.Threading.RateLimiting;
using Resilience.AdaptiveConcurrency;
using Resilience.Hedging;
using Resilience.RateLimiting;
using Resilience.Throttling;

namespace Resilience.Testing.Tests;

/// <summary>The hedging, rate-limiter, adaptive-limit and throttling stages show the options they were built from, like the others.</summary>
public sealed class OverloadStageDescriptorTests
{
    [Fact]
    public void GetPipelineDescriptor_OverloadAndHedgingStages_ExposeTheirOptions()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 3, QueueLimit = 0 });
        var rateLimiter = new RateLimiterStrategyOptions { Name = "rate", Limiter = limiter };
        var throttling = new ClientThrottlingOptions { Multiplier = 3 };
        var adaptive = new AdaptiveConcurrencyOptions { Algorithm = AdaptiveLimitAlgorithm.Gradient };
        var hedging = new HedgingOptions<int> { MaxHedgedAttempts = 2 };
        using var pipeline = new ResiliencePipelineBuilder()
            .AddRateLimiter(rateLimiter)
            .AddClientThrottling(throttling)
            .AddAdaptiveConcurrencyLimit(adaptive)
            .AddHedging(hedging)
            .Build();

        var descriptor = pipeline.GetPipelineDescriptor();

        descriptor.Strategies.Select(s => s.Options).Should().Equal(rateLimiter, throttling, adaptive, hedging);
        descriptor.GetOptions<ClientThrottlingOptions>().Multiplier.Should().Be(3);
        descriptor.GetOptions<HedgingOptions<int>>().MaxHedgedAttempts.Should().Be(2);
    }
}
