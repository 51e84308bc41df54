using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
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

    [GeneratedRegex(@"```json\s*\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
