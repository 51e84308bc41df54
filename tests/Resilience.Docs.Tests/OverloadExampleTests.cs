using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.AdaptiveConcurrency;
using Resilience.CircuitBreaking;
using Resilience.Http;
using Resilience.Retry;
using Resilience.Throttling;
using Snippets;

namespace Resilience.Docs.Tests;

/// <summary>docs/overload.md's examples, run: each builds what the page says and a call goes through it.</summary>
public sealed class OverloadExampleTests
{
    [Fact]
    public async Task Hedging_ThePipelineAnswers()
    {
        using var pipeline = OverloadSnippets.Hedging(new FakeTimeProvider(), new RetryBudget(new RetryBudgetOptions()));

        using var response = await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.OK)), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Throttling_TheCallIsCountedByTheThrottle()
    {
        var (pipeline, throttle) = OverloadSnippets.Throttling(new CircuitBreaker("inventory"));

        await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1), TestContext.Current.CancellationToken);

        throttle.WindowCounts.Should().Be((1L, 1L));
        throttle.Name.Should().Be("inventory");
    }

    [Fact]
    public async Task HttpPresets_TheClientSendsThroughThrottleAndLimit()
    {
        var services = new ServiceCollection();
        OverloadSnippets.HttpPresets(services);
        services.AddHttpClient("inventory").ConfigurePrimaryHttpMessageHandler(static () => new OkHandler());
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("inventory");
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        using var response = await client.GetAsync("stock", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        options.ClientThrottling!.Multiplier.Should().Be(2, "K = 2");
        options.ClientThrottling.Window.Should().Be(TimeSpan.FromMinutes(2), "over two minutes");
        options.AdaptiveConcurrency!.Algorithm.Should().Be(AdaptiveLimitAlgorithm.Gradient);
    }

    [Fact]
    public async Task HttpHedging_TheClientAnswers()
    {
        var services = new ServiceCollection();
        OverloadSnippets.HttpHedging(services, new RetryBudget(new RetryBudgetOptions()));
        services.AddHttpClient("catalog").ConfigurePrimaryHttpMessageHandler(static () => new OkHandler());
        await using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("catalog");
        using var response = await client.GetAsync("items", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        provider.GetRequiredService<IOptionsMonitor<StandardHttpHedgingOptions>>().Get("catalog").Hedging.Delay.Should().Be(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Configuration_TheJsonExampleBindsWhatThePageSays()
    {
        var json = JsonBlock(File.ReadAllText(Path.Combine(DocumentationSnippetsTests.FindRoot(), "docs", "overload.md")));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        OverloadSnippets.HttpPresetsFromConfiguration(builder);
        using var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();

        var http = app.Services.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("inventory");
        http.BreakerScope.Should().Be(HttpBreakerScope.Authority);
        http.ClientThrottling!.Multiplier.Should().Be(2);
        http.ClientThrottling.Window.Should().Be(TimeSpan.FromMinutes(2));
        http.AdaptiveConcurrency!.Algorithm.Should().Be(AdaptiveLimitAlgorithm.Gradient);
        http.AdaptiveConcurrency.MaxLimit.Should().Be(100);
        var search = (ClientThrottlingOptions)app.Services.GetRequiredKeyedService<ClientThrottlingStrategy>("search").Options!;
        search.Multiplier.Should().Be(1.5);
        app.Services.GetKeyedService<ResiliencePipeline>("search").Should().NotBeNull("Resilience:Retries:search declares the profile that uses the throttle");
    }

    [Fact]
    public async Task DependencyInjection_TheProfileRunsThroughTheSharedStages()
    {
        var services = new ServiceCollection();
        OverloadSnippets.DependencyInjection(services);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<ResiliencePipeline>("inventory").ExecuteAsync(static _ => ValueTask.FromResult(1), TestContext.Current.CancellationToken);

        provider.GetRequiredKeyedService<ClientThrottlingStrategy>("inventory").WindowCounts.Requests.Should().Be(1);
        provider.GetRequiredKeyedService<AdaptiveConcurrencyStrategy>("inventory").Algorithm.Should().Be(AdaptiveLimitAlgorithm.Vegas);
    }

    private static string JsonBlock(string markdown)
    {
        var start = markdown.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        return markdown[start..markdown.IndexOf("\n```", start, StringComparison.Ordinal)];
    }

    private sealed class OkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
