using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Resilience;
using Resilience.A2A;
using Resilience.CircuitBreaking;
using Resilience.Registry;
using Resilience.Retry;

namespace Snippets;

public static class GettingStartedSnippets
{
    public static async Task FirstBreakerAsync(PaymentsClient payments, Order order, CancellationToken cancellationToken)
    {
        #region first-breaker
        var breaker = new CircuitBreaker("payment-api", new CircuitBreakerOptions
        {
            FailureThreshold = 3,                     // three failures in a row open the circuit...
            BreakDuration = TimeSpan.FromSeconds(30), // ...for 30 s, then probes test the service
            HalfOpenMaxCalls = 2,
        });

        try
        {
            var receipt = await breaker.ExecuteAsync(async ct => await payments.ChargeAsync(order, ct), cancellationToken);
            Console.WriteLine($"Charged order {receipt.OrderId}");
        }
        catch (CircuitOpenException e)
        {
            // Rejected without calling payment-api: e.State is Open (or HalfOpen with every probe slot taken).
            Console.WriteLine($"{e.BreakerName} is {e.State}; retry after {e.RetryAfter}");
        }
        #endregion
    }

    public static async Task<Receipt> RegistryAsync(IServiceCollection services, Order order)
    {
        #region first-registry
        services.AddResilience()
            .AddCircuitBreaker("payment-api", o => { o.FailureThreshold = 3; o.BreakDuration = TimeSpan.FromSeconds(30); })
            .AddCircuitBreaker("user-service", o => { o.FailureThreshold = 5; o.BreakDuration = TimeSpan.FromSeconds(60); })
            .AddCircuitBreaker("email-service", o => { o.FailureThreshold = 10; o.BreakDuration = TimeSpan.FromSeconds(120); });

        await using var provider = services.BuildServiceProvider();
        var payments = provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api");
        var receipt = await payments.ExecuteAsync(async ct => await new PaymentsClient().ChargeAsync(order, ct));
        #endregion
        return receipt;
    }

    public static async Task<int> PipelineAsync(InventoryClient inventory)
    {
        #region first-pipeline
        var pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(TimeSpan.FromSeconds(10))                               // the whole call, retries included
            .AddRetry(new RetryOptions { MaxAttempts = 3 })                     // jittered exponential backoff
            .AddCircuitBreaker(new CircuitBreakerOptions { FailureThreshold = 5 }, "inventory")
            .AddTimeout(TimeSpan.FromSeconds(2))                                // each attempt
            .Build();

        var stock = await pipeline.ExecuteAsync(async (sku, ct) => await inventory.GetStockAsync(sku, ct), "sku-42");
        #endregion
        return stock;
    }

    public static async Task<HttpResponseMessage> HttpClientAsync(IServiceCollection services)
    {
        #region first-httpclient
        services.AddResilience(); // the breakers of every client live in the registry (and on the dashboard)
        services.AddHttpClient("payment-api", c => c.BaseAddress = new Uri("https://payments.internal/"))
            .AddStandardResilience(o =>
            {
                o.CircuitBreaker.FailureThreshold = 3;
                o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
                o.Retry.MaxAttempts = 3;
            });

        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("payment-api");
        var response = await client.GetAsync(new Uri("balance", UriKind.Relative)); // 5xx, 408, 429 and timeouts count as failures
        #endregion
        return response;
    }

    public static async Task<A2ASendResult> A2AClientAsync(IServiceCollection services, string apiKey)
    {
        #region first-a2a-client
        services.AddResilience().AddCircuitBreaker("planner", o => o.FailureThreshold = 3);
        services.AddA2AAgent("planner", new Uri("https://planner.internal/"), o =>
        {
            o.Credentials["apiKey"] = apiKey;
            o.Retry.MaxAttempts = 3;
        });

        await using var provider = services.BuildServiceProvider();
        var planner = provider.GetRequiredKeyedService<A2AClient>("planner");
        var sent = await planner.SendMessageAsync(A2AMessage.FromText("Plan a trip to Lisbon"));
        Console.WriteLine(sent.Task is { } task ? $"task {task.Id}: {task.Status.State}" : "answered with a message");
        #endregion
        return sent;
    }

    public static void Dashboard(string[] args)
    {
        #region first-dashboard
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddResilience().AddMonitoring();
        builder.Services.AddResilienceExceptionHandler(); // CircuitOpenException -> 503 + Retry-After + ProblemDetails
        builder.Services.AddAuthorizationBuilder().AddPolicy("ops", p => p.RequireRole("ops"));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapResilienceDashboard("/resilience", o => o.AuthorizationPolicy = "ops");
        app.Run();
        #endregion
    }
}
