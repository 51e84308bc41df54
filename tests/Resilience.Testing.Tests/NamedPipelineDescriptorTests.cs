using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Registry;
using Resilience.Retry;

namespace Resilience.Testing.Tests;

/// <summary>The package against what users test: named pipelines from DI, bound from configuration, on the container's clock.</summary>
public sealed class NamedPipelineDescriptorTests
{
    [Fact]
    public async Task NamedPipeline_FromConfiguration_IsDescribedThroughItsReloadableStage_AndAReloadShowsTheNewBuild()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Retries:inventory:MaxAttempts"] = "2",
            ["Resilience:Retries:inventory:BaseDelay"] = "00:00:00",
            ["Resilience:CircuitBreakers:inventory:FailureThreshold"] = "4",
            ["Resilience:CircuitBreakers:inventory:BreakDuration"] = "00:00:09",
        }).Build();
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddResilience(configuration).AddPipeline("inventory", static (builder, context) => builder
            .AddRetry(context.GetOptions<RetryOptions>())
            .AddCircuitBreaker(context.GetCircuitBreaker()));
        await using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider>().GetPipeline("inventory");

        var descriptor = pipeline.GetPipelineDescriptor();

        descriptor.IsReloadable.Should().BeTrue();
        descriptor.ToString().Should().Be("RetryStrategy > CircuitBreakerStrategy(inventory)");
        descriptor.GetOptions<RetryOptions>().MaxAttempts.Should().Be(2);
        descriptor.GetOptions<CircuitBreakerOptions>().FailureThreshold.Should().Be(4);
        descriptor.CircuitBreakers.Should().ContainSingle().Which.Should().BeSameAs(provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("inventory"));

        configuration["Resilience:Retries:inventory:MaxAttempts"] = "5";
        configuration.Reload();

        pipeline.GetPipelineDescriptor().GetOptions<RetryOptions>().MaxAttempts.Should().Be(5, "a new descriptor shows the rebuilt stages");
    }

    [Fact]
    public async Task RegistryBreaker_ForcedOpenAndHalfOpen_OnTheContainersClock()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:CircuitBreakers:inventory:FailureThreshold"] = "2",
            ["Resilience:CircuitBreakers:inventory:BreakDuration"] = "00:00:07",
        }).Build();
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddResilience(configuration).AddPipeline("inventory", static (builder, context) => builder.AddCircuitBreaker(context.GetCircuitBreaker()));
        await using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredKeyedService<ResiliencePipeline>("inventory");
        var registry = provider.GetRequiredService<CircuitBreakerRegistry>();
        var start = clock.GetUtcNow();

        registry.ForceState("inventory", CircuitState.Open);
        await pipeline.Invoking(p => p.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask()).Should().ThrowAsync<CircuitOpenException>();

        registry.ForceState("inventory", CircuitState.HalfOpen, clock);
        clock.GetUtcNow().Should().Be(start + TimeSpan.FromSeconds(7), "the configured break, on the container's clock");
        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1))).Should().Be(1, "a probe is admitted");
    }
}
