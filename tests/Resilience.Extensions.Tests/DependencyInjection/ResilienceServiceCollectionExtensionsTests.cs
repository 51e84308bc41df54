using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Resilience.Registry;
using Resilience.Telemetry;

namespace Resilience.Extensions.Tests.DependencyInjection;

public sealed class ResilienceServiceCollectionExtensionsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AddResilience_KeyedBreaker_IsTheRegistryInstanceWithItsOptions()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddCircuitBreaker("payment-api", o => o.FailureThreshold = 1);
        using var provider = services.BuildServiceProvider();

        var keyed = provider.GetRequiredKeyedService<CircuitBreaker>("payment-api");
        var consumer = ActivatorUtilities.CreateInstance<KeyedConsumer>(provider);

        keyed.Should().BeSameAs(provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api"));
        consumer.Breaker.Should().BeSameAs(keyed);
        keyed.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.RecordFailure();
        keyed.State.Should().Be(CircuitState.Open, "the configured threshold of 1 applies");
    }

    [Fact]
    public void AddResilience_CalledTwiceAndNameDeclaredTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddCircuitBreaker("svc", o => o.FailureThreshold = 3);
        services.AddResilience().AddCircuitBreaker("svc", o => o.BreakDuration = TimeSpan.FromSeconds(5));
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(CircuitBreakerRegistry)).Should().Be(1);
        services.Count(d => d.IsKeyedService && Equals(d.ServiceKey, "svc")).Should().Be(1);
        var options = provider.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get("svc");
        options.FailureThreshold.Should().Be(3);
        options.BreakDuration.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AddResilience_TimeProviderInContainer_BreakersUseIt()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience().AddCircuitBreaker("svc", o => o.FailureThreshold = 1);
        using var provider = services.BuildServiceProvider();
        var breaker = provider.GetRequiredKeyedService<CircuitBreaker>("svc");
        breaker.TryAcquirePermit(out var permit, out _);
        permit.RecordFailure();

        _time.Advance(TimeSpan.FromSeconds(61));

        breaker.GetSnapshot().LastStateChangeAt.Should().Be(_time.GetUtcNow() - TimeSpan.FromSeconds(61));
        breaker.TryAcquirePermit(out var probe, out _).Should().BeTrue("the default 60 s break elapsed on the container's clock");
        probe.IsProbe.Should().BeTrue();
    }

    [Fact]
    public void AddResilience_NoTimeProviderRegistered_UsesSystemClock()
    {
        var services = new ServiceCollection();
        services.AddResilience();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void AddResilience_Configuration_BindsEachNamedSectionAndRegistryLimits()
    {
        var configuration = Config(new()
        {
            ["Resilience:CircuitBreakers:payment-api:FailureThreshold"] = "2",
            ["Resilience:CircuitBreakers:payment-api:BreakDuration"] = "00:00:30",
            ["Resilience:CircuitBreakers:email:TripPolicy"] = "FailureRatio",
            ["Resilience:Registry:MaxBreakers"] = "7",
        });
        var services = new ServiceCollection();
        services.AddResilience(configuration);
        using var provider = services.BuildServiceProvider();

        var monitor = provider.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>();
        monitor.Get("payment-api").FailureThreshold.Should().Be(2);
        monitor.Get("payment-api").BreakDuration.Should().Be(TimeSpan.FromSeconds(30));
        monitor.Get("email").TripPolicy.Should().Be(CircuitBreakerTripPolicy.FailureRatio);
        monitor.Get("unknown").FailureThreshold.Should().Be(5, "names without a section use the defaults");
        provider.GetRequiredService<CircuitBreakerRegistry>().MaxBreakers.Should().Be(7);
        provider.GetKeyedService<CircuitBreaker>("email").Should().NotBeNull();
    }

    [Fact]
    public void AddResilience_ConfigurationReload_ReachesTheExistingBreaker()
    {
        var configuration = Config(new() { ["Resilience:CircuitBreakers:payment-api:FailureThreshold"] = "5" });
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience(configuration);
        using var provider = services.BuildServiceProvider();
        var breaker = provider.GetRequiredKeyedService<CircuitBreaker>("payment-api");
        Fail(breaker, 2);
        breaker.State.Should().Be(CircuitState.Closed);

        configuration["Resilience:CircuitBreakers:payment-api:FailureThreshold"] = "3";
        configuration.Reload();
        Fail(breaker, 1);

        breaker.State.Should().Be(CircuitState.Open, "the third consecutive failure meets the reloaded threshold of 3");
        provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api").Should().BeSameAs(breaker);
    }

    [Fact]
    public void AddResilience_InvalidReload_IsRejectedAndThePreviousOptionsStay()
    {
        var configuration = Config(new() { ["Resilience:CircuitBreakers:svc:FailureThreshold"] = "2" });
        var services = new ServiceCollection();
        services.AddResilience(configuration);
        using var provider = services.BuildServiceProvider();
        var breaker = provider.GetRequiredKeyedService<CircuitBreaker>("svc");

        configuration["Resilience:CircuitBreakers:svc:FailureThreshold"] = "0";
        var reload = configuration.Reload;

        // The reload is logged and counted (ConfigurationFromJsonTests), never thrown into the provider's reload.
        reload.Should().NotThrow();
        Fail(breaker, 2);
        breaker.State.Should().Be(CircuitState.Open, "the previous threshold of 2 still applies");
    }

    [Fact]
    public async Task StartAsync_InvalidBreakerOption_FailsNamingServiceOptionAndValue()
    {
        using var host = BuildHost(new() { ["Resilience:CircuitBreakers:payment-api:FailureThreshold"] = "0" });

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .WithMessage("*Resilience:CircuitBreakers:payment-api:FailureThreshold must be between 1 and 10000; it was 0.*");
    }

    [Fact]
    public async Task StartAsync_CrossFieldViolation_FailsWithBothValues()
    {
        using var host = BuildHost(new()
        {
            ["Resilience:CircuitBreakers:search:HalfOpenMaxCalls"] = "2",
            ["Resilience:CircuitBreakers:search:SuccessThreshold"] = "3",
        });

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .WithMessage("*Resilience:CircuitBreakers:search:SuccessThreshold must be at most HalfOpenMaxCalls (2); it was 3.*");
    }

    [Fact]
    public async Task StartAsync_InvalidCodeConfiguredBreaker_Fails()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddResilience().AddCircuitBreaker("inventory", o => o.BreakDuration = TimeSpan.Zero);
        using var host = builder.Build();

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .WithMessage("*Resilience:CircuitBreakers:inventory:BreakDuration must be between 00:00:00.5000000 and 1.00:00:00; it was 00:00:00.*");
    }

    [Fact]
    public async Task StartAsync_InvalidRegistryAndMonitoringOptions_FailWithTheValues()
    {
        using var registryHost = BuildHost(new() { ["Resilience:Registry:MaxBreakers"] = "0" });
        using var monitorHost = BuildHost(new() { ["Resilience:Monitoring:FlappingWindow"] = "00:00:00" });

        var registry = () => registryHost.StartAsync(TestContext.Current.CancellationToken);
        var monitor = () => monitorHost.StartAsync(TestContext.Current.CancellationToken);

        (await registry.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Resilience:Registry:MaxBreakers must be between 1 and 1000000; it was 0.*");
        (await monitor.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Resilience:Monitoring:FlappingWindow must be between 00:00:01 and 7.00:00:00; it was 00:00:00.*");
    }

    [Fact]
    public async Task StartAsync_ValidConfiguration_Starts()
    {
        using var host = BuildHost(new()
        {
            ["Resilience:CircuitBreakers:payment-api:FailureThreshold"] = "3",
            ["Resilience:Monitoring:OpenTooLongThreshold"] = "00:02:00",
        });

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        host.Services.GetRequiredService<IOptions<CircuitMonitorOptions>>().Value.OpenTooLongThreshold.Should().Be(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void AddMonitoring_RegistryBreakers_AreMonitoredAndAlertSinksIncludeTheLogger()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddResilience().AddMonitoring().AddCircuitBreaker("svc");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredKeyedService<CircuitBreaker>("svc");
        var dashboard = provider.GetRequiredService<CircuitBreakerMonitor>().GetDashboard();

        dashboard.Breakers.Select(b => b.Name).Should().Equal("svc");
        provider.GetServices<IAlertSink>().Should().ContainSingle().Which.Should().BeOfType<LoggerAlertSink>();
    }

    [Fact]
    public void AddMonitoring_HostWithoutLogging_ResolvesMonitorAndLoggerSink()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience().AddMonitoring().AddCircuitBreaker("svc");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredKeyedService<CircuitBreaker>("svc");
        provider.GetRequiredService<CircuitBreakerMonitor>().GetDashboard().Breakers.Select(b => b.Name).Should().Equal("svc");
        // Before the fix, resolving the built-in sink failed: ILogger<LoggerAlertSink> is not registered without AddLogging.
        provider.GetServices<IAlertSink>().Should().ContainSingle().Which.Should().BeOfType<LoggerAlertSink>();
    }

    [Fact]
    public async Task AddResilience_ServiceProfileFromConfiguration_PipelineRetriesThroughTheNamedBreakerWithTimeout()
    {
        var configuration = Config(new()
        {
            ["Resilience:Retries:payment-api:MaxAttempts"] = "4",
            ["Resilience:Retries:payment-api:BaseDelay"] = "00:00:00",
            ["Resilience:Retries:payment-api:MaxDelay"] = "00:00:00",
            ["Resilience:CircuitBreakers:payment-api:FailureThreshold"] = "10",
            ["Resilience:Timeouts:payment-api:Timeout"] = "00:00:05",
        });
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience(configuration);
        using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredKeyedService<ResiliencePipeline>("payment-api");
        var calls = 0;

        var act = () => pipeline.ExecuteAsync<int>(_ => { calls++; throw new TimeoutException(); }).AsTask();

        await act.Should().ThrowAsync<TimeoutException>();
        calls.Should().Be(4, "the profile's MaxAttempts is 4");
        var breaker = provider.GetRequiredKeyedService<CircuitBreaker>("payment-api");
        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(4, "every attempt went through the registry's breaker");
        provider.GetRequiredService<IOptionsMonitor<Resilience.Timeout.TimeoutOptions>>().Get("payment-api").Timeout.Should().Be(TimeSpan.FromSeconds(5));
        provider.GetRequiredService<IOptionsMonitor<Resilience.Retry.RetryOptions>>().Get("payment-api").Name.Should().Be("payment-api");
    }

    [Fact]
    public async Task StartAsync_InvalidRetryProfile_FailsNamingServiceOptionAndValue()
    {
        using var host = BuildHost(new() { ["Resilience:Retries:payment-api:MaxAttempts"] = "0" });

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Resilience:Retries:payment-api:MaxAttempts must be between 1 and 100; it was 0.*");
    }

    [Fact]
    public async Task StartAsync_InvalidTimeoutProfile_FailsNamingServiceOptionAndValue()
    {
        using var host = BuildHost(new() { ["Resilience:Timeouts:search:Timeouts:health_check"] = "-00:00:01" });

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Resilience:Timeouts:search:Timeouts:health_check must be between*; it was -00:00:01.*");
    }

    [Fact]
    public void AddCircuitBreaker_InvalidName_Throws()
    {
        var builder = new ServiceCollection().AddResilience();

        var act = () => builder.AddCircuitBreaker(" ");

        act.Should().Throw<ArgumentException>();
    }

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
            permit.RecordFailure();
        }
    }

    private static IConfigurationRoot Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IHost BuildHost(Dictionary<string, string?> values)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddResilience(builder.Configuration);
        return builder.Build();
    }

    private sealed class KeyedConsumer([FromKeyedServices("payment-api")] CircuitBreaker breaker)
    {
        public CircuitBreaker Breaker { get; } = breaker;
    }
}
