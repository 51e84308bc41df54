using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.Docs.Tests.Polly;
using Resilience.Http;
using Snippets;

namespace Resilience.Docs.Tests;

/// <summary>The examples of the docs do what the docs say: bound and run, not only compiled.</summary>
public sealed partial class ConfigurationExampleTests
{
    [Fact]
    public void ConfigurationMd_AppSettingsExample_ProducesExactlyTheDocumentedBreaker()
    {
        var json = JsonBlock().Match(File.ReadAllText(Path.Combine(DocumentationSnippetsTests.FindRoot(), "docs", "configuration.md"))).Groups[1].Value;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        ConfigurationSnippets.AppSettings(builder);
        using var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var breaker = app.Services.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get("payment-api");

        // "3 failures in a row, 30 s open, 2 probes, ArgumentException never counted, and the HTTP classification".
        breaker.FailureThreshold.Should().Be(3);
        breaker.BreakDuration.Should().Be(TimeSpan.FromSeconds(30));
        breaker.HalfOpenMaxCalls.Should().Be(2);
        breaker.ExcludedExceptions.Should().Equal(typeof(ArgumentException));
        breaker.ShouldHandle.Should().Be(new StandardHttpResilienceOptions().CircuitBreaker.ShouldHandle);
    }

    [Fact]
    public async Task ComingFromPollyMd_SideBySideExample_RunsBothPipelines()
    {
        var legacy = new LegacyClient();

        (await SideBySideSnippets.RunAsync(legacy, TestContext.Current.CancellationToken)).Should().BeTrue();
    }

    [Fact]
    public async Task ObservabilityMd_QuickStart_ServesTheCallHealthAndTheResilienceMetricsForPrometheus()
    {
        var json = JsonBlock().Match(File.ReadAllText(Path.Combine(DocumentationSnippetsTests.FindRoot(), "docs", "observability.md"))).Groups[1].Value;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var ct = TestContext.Current.CancellationToken;

        await using var app = ObservabilitySnippets.QuickStart(builder, new PaymentsClient(), new Uri("http://127.0.0.1:9/unused"));
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        (await http.GetAsync("pay", ct)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await http.GetStringAsync("health", ct)).Should().Be("Healthy");
        var scrape = await http.GetStringAsync("metrics", ct);
        scrape.Should().Contain("resilience_circuit_breaker_calls_total{").And.Contain("circuit_breaker_name=\"payment-api\"")
            .And.Contain("resilience_circuit_breaker_state{");
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task TestingMd_UnitTestExample_FindsWhatThePageSays()
    {
        var json = JsonBlock().Match(File.ReadAllText(Path.Combine(DocumentationSnippetsTests.FindRoot(), "docs", "testing.md"))).Groups[1].Value;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

        var findings = await TestingSnippets.UnitTestAsync(configuration, new InventoryClient());

        // "stages is RetryStrategy > CircuitBreakerStrategy(inventory), retryAttempts is 2, rejected is true, the clock
        // moved exactly the configured 7 s, and the call after the break is admitted as a probe".
        findings.Stages.Should().Be("RetryStrategy > CircuitBreakerStrategy(inventory)");
        findings.IsReloadable.Should().BeTrue();
        findings.RetryAttempts.Should().Be(2);
        findings.RejectedWhileOpen.Should().BeTrue();
        findings.BreakWaited.Should().Be(TimeSpan.FromSeconds(7));
        findings.StockAfterBreak.Should().Be("sku-42".Length);
    }

    [GeneratedRegex(@"```json\s*\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
