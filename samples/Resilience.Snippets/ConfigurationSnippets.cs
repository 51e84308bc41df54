using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Resilience;
using Resilience.DependencyInjection;
using Resilience.Retry;

namespace Snippets;

public static class ConfigurationSnippets
{
    public static void AppSettings(WebApplicationBuilder builder)
    {
        #region configuration-appsettings
        builder.Services.AddResilience(builder.Configuration)        // Registry, CircuitBreakers, Retries, Timeouts, Monitoring
            .AddCircuitBreaker("payment-api", o => o.ExcludedExceptions.Add(typeof(ArgumentException)));
        builder.Services.AddHttpClient("payment-api")
            .AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:payment-api"));
        #endregion
    }

    public static async Task<int> KeyedPipelineAsync(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration, InventoryClient inventory)
    {
        #region polly-keyed-pipeline
        services.AddResilience(configuration)
            .AddPipeline("inventory", static (builder, context) => builder
                .AddTimeout(TimeSpan.FromSeconds(10))
                .AddRetry(context.GetOptions<RetryOptions>())            // Resilience:Retries:inventory, reloaded
                .AddCircuitBreaker(context.GetCircuitBreaker())          // the registry's "inventory" breaker
                .AddTimeout(TimeSpan.FromSeconds(2)));

        await using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider>().GetPipeline("inventory");
        var stock = await pipeline.ExecuteAsync(async ct => await inventory.GetStockAsync("sku-42", ct));
        #endregion
        return stock;
    }
}
