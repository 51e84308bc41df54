using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.Retry;

namespace Resilience.Extensions.Tests.DependencyInjection;

/// <summary>The configuration rules from appsettings-style JSON through a real generic host: every key lands, or start-up says why.</summary>
public sealed class ConfigurationFromJsonTests : IDisposable
{
    /// <summary>The id of the breaker's "options reloaded" event, as docs/observability.md lists it.</summary>
    private const int OptionsReloadedEventId = 1005;

    private readonly string _directory = Directory.CreateTempSubdirectory("resilience-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task StartAsync_MisspelledBreakerKey_FailsNamingTheKeyAndItsPath()
    {
        using var host = Build("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureTreshold": 3 } } } }""");

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("Resilience:CircuitBreakers:inventory:FailureTreshold").And.Contain("FailureThreshold", "the near miss is suggested");
    }

    [Theory]
    [InlineData("""{ "Resilience": { "Retries": { "search": { "MaxRetryAttempts": 3 } } } }""", "Resilience:Retries:search:MaxRetryAttempts", "MaxAttempts")]
    [InlineData("""{ "Resilience": { "Retries": { "search": { "Delay": "00:00:01" } } } }""", "Resilience:Retries:search:Delay", "BaseDelay")]
    [InlineData("""{ "Resilience": { "Retries": { "search": { "BackoffType": "Exponential" } } } }""", "Resilience:Retries:search:BackoffType", "ExponentialBase")]
    [InlineData("""{ "Resilience": { "Timeouts": { "search": { "TotalRequestTimeout": { "Timeout": "00:00:30" } } } } }""", "Resilience:Timeouts:search:TotalRequestTimeout", "TotalTimeout")]
    [InlineData("""{ "Resilience": { "CircuitBreakers": { "search": { "ShouldHandle": "x" } } } }""", "Resilience:CircuitBreakers:search:ShouldHandle", "in code")]
    public async Task StartAsync_PollyOrCodeOnlyName_FailsWithAHint(string json, string path, string hint)
    {
        using var host = Build(json);

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(path).And.Contain(hint);
    }

    [Theory]
    [InlineData("""{ "Resilience": { "CircuitBreaker": { "inventory": { "FailureThreshold": 3 } } } }""", "Resilience:CircuitBreaker")]
    [InlineData("""{ "Resilience": { "Registry": { "MaxBreaker": 10 } } }""", "Resilience:Registry:MaxBreaker")]
    [InlineData("""{ "Resilience": { "Monitoring": { "OpenTooLong": "00:01:00" } } }""", "Resilience:Monitoring:OpenTooLong")]
    [InlineData("""{ "Resilience": { "Retries": { "search": { "Budget": { "Ratio": 0.1 } } } } }""", "Resilience:Retries:search:Budget")]
    public async Task StartAsync_UnknownKeyAnywhereUnderResilience_FailsNamingIt(string json, string path)
    {
        using var host = Build(json);

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(path);
    }

    [Fact]
    public async Task StartAsync_FailureRatioWithTheConsecutiveFailuresPolicy_FailsNamingBothOptions()
    {
        using var host = Build("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureRatio": 0.2 } } } }""");

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("Resilience:CircuitBreakers:inventory").And.Contain("FailureRatio").And.Contain("TripPolicy");
    }

    [Fact]
    public async Task StartAsync_FailureRatioWithItsPolicy_Starts()
    {
        using var host = Build("""
            { "Resilience": { "CircuitBreakers": { "inventory": { "TripPolicy": "FailureRatio", "FailureRatio": 0.2, "MinimumThroughput": 4 } } } }
            """);

        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get("inventory");
        options.FailureRatio.Should().Be(0.2);
        options.MinimumThroughput.Should().Be(4);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Reload_Invalid_DoesNotThrowKeepsTheLastValidOptionsLogsAndCounts()
    {
        using var host = Build("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 2 } }, "Retries": { "inventory": { "MaxAttempts": 2 } } } }""");
        await host.StartAsync(TestContext.Current.CancellationToken);
        var breaker = host.Services.GetRequiredKeyedService<CircuitBreaker>("inventory");
        var logs = host.Services.GetRequiredService<FakeLogCollector>();
        using var rejected = new MetricCollector<long>(null, "Resilience", "resilience.options.reloads.rejected");

        Write("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 0 } }, "Retries": { "inventory": { "MaxAttempts": 0 } } } }""");
        var reload = ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload;

        reload.Should().NotThrow("an invalid reload is the configuration's problem, not the provider's thread's");
        host.Services.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get("inventory").FailureThreshold.Should().Be(2);
        host.Services.GetRequiredService<IOptionsMonitor<RetryOptions>>().Get("inventory").MaxAttempts.Should().Be(2);
        Fail(breaker, 2);
        breaker.State.Should().Be(CircuitState.Open, "the last valid threshold of 2 still applies");
        logs.GetSnapshot().Where(r => r.Level == LogLevel.Error).Select(r => r.Message)
            .Should().Contain(m => m.Contains("Resilience:CircuitBreakers:inventory", StringComparison.Ordinal) && m.Contains("FailureThreshold", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("Resilience:Retries:inventory", StringComparison.Ordinal));
        rejected.GetMeasurementSnapshot().Select(m => m.Tags["resilience.options.name"]).Should().Contain(["inventory"]);
        rejected.GetMeasurementSnapshot().Select(m => m.Tags["resilience.options.type"]).Should().Contain(["CircuitBreakerOptions", "RetryOptions"]);
    }

    [Fact]
    public async Task Reload_Invalid_LogsTheRejectionButNoOptionsReloaded_AndAValidOneLogsIt()
    {
        using var host = Build("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 2 } } } }""");
        await host.StartAsync(TestContext.Current.CancellationToken);
        _ = host.Services.GetRequiredKeyedService<CircuitBreaker>("inventory");
        var logs = host.Services.GetRequiredService<FakeLogCollector>();
        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        logs.Clear();

        Write("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 0 } } } }""");
        root.Reload();

        logs.GetSnapshot().Should().Contain(r => r.Level == LogLevel.Error && r.Message.Contains("Resilience:CircuitBreakers:inventory", StringComparison.Ordinal));
        logs.GetSnapshot().Should().NotContain(r => r.Id.Id == OptionsReloadedEventId, "the breaker kept its options: nothing was reloaded");

        Write("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 3 } } } }""");
        root.Reload();

        // Reload() of a JSON source raises the change twice (the provider's token and the root's); the second brings
        // nothing new, so the valid options are applied, and logged, once.
        logs.GetSnapshot().Where(r => r.Id.Id == OptionsReloadedEventId).Should().ContainSingle()
            .Which.Message.Should().Contain("'inventory'");
    }

    [Fact]
    public async Task Reload_OfAnotherBreakersSection_LogsNothingForTheUnchangedBreaker()
    {
        using var host = Build("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 2 }, "payments": { "FailureThreshold": 4 } } } }""");
        await host.StartAsync(TestContext.Current.CancellationToken);
        var inventory = host.Services.GetRequiredKeyedService<CircuitBreaker>("inventory");
        _ = host.Services.GetRequiredKeyedService<CircuitBreaker>("payments");
        var logs = host.Services.GetRequiredService<FakeLogCollector>();
        logs.Clear();

        Write("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 2 }, "payments": { "FailureThreshold": 5 } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();

        logs.GetSnapshot().Where(r => r.Id.Id == OptionsReloadedEventId).Should().ContainSingle()
            .Which.Message.Should().Contain("'payments'", "only the breaker whose settings changed was reloaded");
        inventory.Options.FailureThreshold.Should().Be(2);
    }

    [Fact]
    public async Task Reload_ValidAfterInvalid_Applies()
    {
        using var host = Build("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 2 } } } }""");
        await host.StartAsync(TestContext.Current.CancellationToken);
        var breaker = host.Services.GetRequiredKeyedService<CircuitBreaker>("inventory");
        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        Write("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureTreshold": 1 } } } }""");
        root.Reload();
        Write("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 1 } } } }""");
        root.Reload();

        Fail(breaker, 1);
        breaker.State.Should().Be(CircuitState.Open, "the valid reload after the rejected one set the threshold to 1");
    }

    private IHost Build(string json)
    {
        Write(json);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(Path.Combine(_directory, "appsettings.json"), optional: false, reloadOnChange: false);
        builder.Logging.AddFakeLogging();
        builder.Services.AddResilience(builder.Configuration);
        return builder.Build();
    }

    private void Write(string json) => File.WriteAllText(Path.Combine(_directory, "appsettings.json"), json);

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
            permit.RecordFailure();
        }
    }
}
