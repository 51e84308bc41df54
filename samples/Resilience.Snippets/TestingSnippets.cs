using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Resilience;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Registry;
using Resilience.Retry;
using Resilience.Testing;

namespace Snippets;

/// <summary>What docs/testing.md shows: a unit test of code that uses a named pipeline (tests/Resilience.Docs.Tests runs it).</summary>
public static class TestingSnippets
{
    /// <summary>What the snippet found, for the test that runs it to assert.</summary>
    public sealed record Findings(string Stages, bool IsReloadable, int RetryAttempts, bool RejectedWhileOpen, TimeSpan BreakWaited, int StockAfterBreak);

    public static async Task<Findings> UnitTestAsync(IConfiguration configuration, InventoryClient inventory)
    {
        #region testing-unit-test
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);                 // every stage and breaker runs on the test's clock
        services.AddResilience(configuration)                       // Resilience:Retries:inventory, Resilience:CircuitBreakers:inventory
            .AddPipeline("inventory", static (builder, context) => builder
                .AddRetry(context.GetOptions<RetryOptions>())
                .AddCircuitBreaker(context.GetCircuitBreaker()));
        await using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider>().GetPipeline("inventory");

        // Inspect what configuration and code built: "RetryStrategy > CircuitBreakerStrategy(inventory)".
        var descriptor = pipeline.GetPipelineDescriptor();
        var stages = descriptor.ToString();
        var retryAttempts = descriptor.GetOptions<RetryOptions>().MaxAttempts;

        // Force the named breaker open: the code under test sees what it will see when inventory is down.
        var breaker = provider.GetRequiredService<CircuitBreakerRegistry>().ForceState("inventory", CircuitState.Open);
        bool rejected;
        try
        {
            await pipeline.ExecuteAsync(async ct => await inventory.GetStockAsync("sku-42", ct));
            rejected = false;
        }
        catch (CircuitOpenException)
        {
            rejected = true;
        }

        // Drive time: jump to the end of the break, where the next call is a probe.
        var before = clock.GetUtcNow();
        clock.AdvanceToBreakEnd(breaker);
        var stock = await pipeline.ExecuteAsync(async ct => await inventory.GetStockAsync("sku-42", ct));
        #endregion
        return new Findings(stages, descriptor.IsReloadable, retryAttempts, rejected, clock.GetUtcNow() - before, stock);
    }
}
