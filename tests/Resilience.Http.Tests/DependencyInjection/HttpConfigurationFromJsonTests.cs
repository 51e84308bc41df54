using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.Registry;
using Resilience.TestUtilities.Http;

namespace Resilience.Http.Tests.DependencyInjection;

/// <summary>
/// The HTTP preset and the registry's named breakers from appsettings-style JSON through a real host: both sources of a
/// breaker land (the documented precedence), unknown keys fail start-up, and a reload reaches a pipeline already built.
/// </summary>
public sealed class HttpConfigurationFromJsonTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("resilience-http-config-").FullName;
    private FaultServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FaultServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RegistrySectionAndPreset_OnOneBreaker_MergeWithTheRegistrySectionOverThePreset(bool presetFirst)
    {
        Write("""{ "Resilience": { "CircuitBreakers": { "inventory": { "FailureThreshold": 2, "BreakDuration": "00:00:07" } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        if (presetFirst)
        {
            AddInventoryClient(builder).AddStandardResilience(o => o.Retry.MaxAttempts = 1);
        }

        builder.Services.AddResilience(builder.Configuration).AddCircuitBreaker("inventory", o => o.ExcludedExceptions.Add(typeof(ArgumentException)));
        if (!presetFirst)
        {
            AddInventoryClient(builder).AddStandardResilience(o => o.Retry.MaxAttempts = 1);
        }

        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get("inventory");
        options.FailureThreshold.Should().Be(2, "Resilience:CircuitBreakers:inventory sets it");
        options.BreakDuration.Should().Be(TimeSpan.FromSeconds(7), "Resilience:CircuitBreakers:inventory sets it");
        options.ExcludedExceptions.Should().Equal(typeof(ArgumentException));
        options.ShouldHandle.Should().Be(new StandardHttpResilienceOptions().CircuitBreaker.ShouldHandle, "the preset's HTTP classification is the base");

        _server.SetDefault(Fault.Status(503));
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("a", ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("b", ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var open = await client.Invoking(c => c.GetAsync("c", ct)).Should().ThrowAsync<CircuitOpenException>();
        open.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        _server.RequestCount.Should().Be(2);
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task PresetSection_BreakerValues_ApplyWhenTheRegistryHasNone()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "CircuitBreaker": { "FailureThreshold": 4, "HalfOpenMaxCalls": 2 } } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get("inventory");

        options.FailureThreshold.Should().Be(4);
        options.HalfOpenMaxCalls.Should().Be(2);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "TotalRequestTimeout": { "Timeout": "00:00:30" } } } } }""", "Resilience:Http:inventory:TotalRequestTimeout", "TotalTimeout")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxRetryAttempts": 3 } } } } }""", "Resilience:Http:inventory:Retry:MaxRetryAttempts", "MaxAttempts")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "CircuitBreaker": { "FailureTreshold": 3 } } } } }""", "Resilience:Http:inventory:CircuitBreaker:FailureTreshold", "FailureThreshold")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "CircuitBreaker": { "FailureRatio": 0.2 } } } } }""", "Resilience:Http:inventory", "TripPolicy")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "ClientThrottling": { "Multiplyer": 2 } } } } }""", "Resilience:Http:inventory:ClientThrottling:Multiplyer", "Multiplier")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "ClientThrottling": { "Multiplier": 0 } } } } }""", "Resilience:Http:inventory:ClientThrottling:Multiplier", "must be between 1 and 100; it was 0.")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "AdaptiveConcurrency": { "MaxLimt": 5 } } } } }""", "Resilience:Http:inventory:AdaptiveConcurrency:MaxLimt", "MaxLimit")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "AdaptiveConcurrency": { "InitialLimit": 0 } } } } }""", "Resilience:Http:inventory:AdaptiveConcurrency:InitialLimit", "it was 0.")]
    public Task StartAsync_BadKeyInThePresetSection_FailsNamingTheKeyAndItsPath(string json, string path, string hint) =>
        StartShouldFailAsync(json, path, hint, static (client, section) => client.AddStandardResilience(section));

    [Theory]
    [InlineData("invetory", "inventory")]
    [InlineData("payments", "")]
    public async Task StartAsync_SectionUnderHttpThatNoClientReads_FailsNamingTheKey(string key, string hint)
    {
        Write($$"""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 2 } }, "{{key}}": { "Retry": { "MaxAttempts": 5 } } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        builder.Services.AddHttpClient("payments").AddStandardResilience();
        using var host = builder.Build();

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        var message = (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message;
        message.Should().Contain($"Resilience:Http:{key}: no HTTP client reads this section").And.Contain("inventory");
        if (hint.Length > 0)
        {
            message.Should().Contain($"'{hint}'");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task StartAsync_EverySectionUnderHttpRead_Starts()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 2 } }, "Payments": { "Retry": { "MaxAttempts": 3 } } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        builder.Services.AddHttpClient("payments").AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:payments"));
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reload_Valid_RebuildsTheBuiltPipelineAndKeepsTheBreaker()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 1, "BaseDelay": "00:00:00" } } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        _server.SetDefault(Fault.Status(503));
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("a", ct)).Dispose();
        _server.RequestCount.Should().Be(1);
        var breaker = host.Services.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("inventory");

        Write("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 3, "BaseDelay": "00:00:00" }, "CircuitBreaker": { "FailureThreshold": 4 } } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();
        (await client.GetAsync("b", ct)).Dispose();

        _server.RequestCount.Should().Be(4, "the client built before the reload now makes three attempts");
        host.Services.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("inventory").Should().BeSameAs(breaker);
        breaker.State.Should().Be(CircuitState.Open, "the four failures (one before the reload, three after) meet the reloaded threshold of 4");
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reload_AuthorityScope_KeepsTheStoreAndAnOpenAuthoritysVerdict()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "Retry": { "MaxAttempts": 1 }, "CircuitBreaker": { "FailureThreshold": 2 } } } } }""");
        using var host = await StartInventoryHostAsync();
        _server.SetDefault(Fault.Status(503));
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("a", ct)).Dispose();
        (await client.GetAsync("a", ct)).Dispose();
        var store = host.Services.GetRequiredService<Resilience.Http.Internal.HttpResiliencePipelineCache>().GetAuthorityStore("inventory");

        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "Retry": { "MaxAttempts": 3 }, "CircuitBreaker": { "FailureThreshold": 4 } } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();

        await client.Invoking(c => c.GetAsync("b", ct)).Should().ThrowAsync<CircuitOpenException>("the authority's open circuit survived the reload");
        _server.RequestCount.Should().Be(2);
        host.Services.GetRequiredService<Resilience.Http.Internal.HttpResiliencePipelineCache>().GetAuthorityStore("inventory").Should().BeSameAs(store);
        store!.Count.Should().Be(1);
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reload_AuthorityScope_ChangedStoreLimits_AreReportedAsKeptUntilRestart()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "MaxAuthorities": 10, "AuthorityIdleTimeout": "00:05:00" } } } }""");
        var builder = CreateBuilder();
        builder.Logging.AddFakeLogging();
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();
        var ct = TestContext.Current.CancellationToken;
        await host.StartAsync(ct);
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        (await client.GetAsync("a", ct)).Dispose();
        var logs = host.Services.GetRequiredService<FakeLogCollector>();

        // A reload that changes neither limit says nothing; one that changes them says which, from what, to what.
        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "MaxAuthorities": 10, "AuthorityIdleTimeout": "00:05:00", "Retry": { "MaxAttempts": 2 } } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();
        logs.GetSnapshot().Should().NotContain(r => r.Id.Id == 5005);
        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "MaxAuthorities": 20, "AuthorityIdleTimeout": "00:01:00" } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();

        var kept = logs.GetSnapshot().Where(r => r.Id.Id == 5005).Select(r => r.Message).ToArray();
        kept.Should().HaveCount(2);
        kept.Should().Contain(m => m.Contains("MaxAuthorities") && m.Contains("from 10 to 20") && m.Contains("'inventory'"));
        kept.Should().Contain(m => m.Contains("AuthorityIdleTimeout") && m.Contains("from 00:05:00 to 00:01:00"));
        host.Services.GetRequiredService<Resilience.Http.Internal.HttpResiliencePipelineCache>().GetAuthorityStore("inventory")!.MaxAuthorities
            .Should().Be(10, "the store keeps the limit it was created with");

        // The same changed values again (another key changed): already said. Back to the store's own values: nothing to say.
        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "MaxAuthorities": 20, "AuthorityIdleTimeout": "00:01:00", "Retry": { "MaxAttempts": 2 } } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();
        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "MaxAuthorities": 10, "AuthorityIdleTimeout": "00:05:00" } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();
        logs.GetSnapshot().Count(r => r.Id.Id == 5005).Should().Be(2);
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reload_AuthorityScope_ReachesTheBuiltAuthoritysPipelineAndKeepsItsBreaker()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "Retry": { "MaxAttempts": 1, "BaseDelay": "00:00:00" }, "CircuitBreaker": { "FailureThreshold": 3 } } } } }""");
        using var host = await StartInventoryHostAsync();
        _server.SetDefault(Fault.Status(503));
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("a", ct)).Dispose();
        _server.RequestCount.Should().Be(1, "one attempt, one failure of three");

        Write("""{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "Retry": { "MaxAttempts": 2, "BaseDelay": "00:00:00" }, "CircuitBreaker": { "FailureThreshold": 3 } } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();
        (await client.GetAsync("b", ct)).Dispose();

        _server.RequestCount.Should().Be(3, "the reloaded retry (two attempts) reached the authority's pipeline built before the reload");
        await client.Invoking(c => c.GetAsync("c", ct)).Should().ThrowAsync<CircuitOpenException>(
            "the authority kept its breaker: the failure before the reload and the two after it make three");
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reload_AuthorityScope_WhileRequestsRun_EveryRequestSucceedsOnOneBreaker()
    {
        const string Json = """{ "Resilience": { "Http": { "inventory": { "BreakerScope": "Authority", "Retry": { "MaxAttempts": ATTEMPTS } } } } }""";
        Write(Json.Replace("ATTEMPTS", "1", StringComparison.Ordinal));
        using var host = await StartInventoryHostAsync();
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("first", ct)).Dispose();
        var entry = host.Services.GetRequiredService<Resilience.Http.Internal.HttpResiliencePipelineCache>().GetAuthorityStore("inventory")!.Entries.Single();
        var breaker = entry.Context.OwnedBreaker;
        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        using var stop = new CancellationTokenSource();

        // Four callers keep sending while the section is reloaded 20 times (each reload rebuilds the authority's pipeline).
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                var sent = 0;
                while (!stop.IsCancellationRequested || sent < 20)
                {
                    using var response = await client.GetAsync("items", ct);
                    response.StatusCode.Should().Be(HttpStatusCode.OK);
                    sent++;
                }

                return sent;
            },
            ct)).ToArray();
        for (var i = 0; i < 20; i++)
        {
            Write(Json.Replace("ATTEMPTS", (i % 3 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            root.Reload();
        }

        await stop.CancelAsync();
        var counts = await Task.WhenAll(callers);

        counts.Should().OnlyContain(c => c >= 20);
        entry.Context.OwnedBreaker.Should().BeSameAs(breaker, "every rebuild kept the authority's breaker");
        entry.Pipeline.Strategies.OfType<CircuitBreakerStrategy>().Single().Breaker.Should().BeSameAs(breaker);
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reload_Invalid_DoesNotThrowAndTheClientKeepsItsPipeline()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 2, "BaseDelay": "00:00:00" } } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        _server.SetDefault(Fault.Status(503));
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        var ct = TestContext.Current.CancellationToken;

        Write("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 0 } } } } }""");
        var reload = ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload;

        reload.Should().NotThrow();
        (await client.GetAsync("a", ct)).Dispose();
        _server.RequestCount.Should().Be(2, "the last valid options (two attempts) still apply");
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task PresetSection_OverloadStages_BindAndRunInThePipeline()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 1 }, "ClientThrottling": { "Multiplier": 1.5 }, "AdaptiveConcurrency": { "InitialLimit": 1, "MinLimit": 1, "MaxLimit": 1 } } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        var options = host.Services.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("inventory");
        options.ClientThrottling!.Multiplier.Should().Be(1.5);
        options.AdaptiveConcurrency!.MaxLimit.Should().Be(1);

        _server.Enqueue(Fault.Hold);
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        var held = client.GetAsync("a", ct);
        await _server.WaitForRequestsAsync(1);
        await client.Invoking(c => c.GetAsync("b", ct)).Should().ThrowAsync<Resilience.AdaptiveConcurrency.AdaptiveConcurrencyRejectedException>(
            "the configured limit of one is in the client's pipeline");
        _server.ReleaseHeld();
        (await held).StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(1);
        await host.StopAsync(ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task HedgingPresetSection_Binds()
    {
        Write("""{ "Resilience": { "Http": { "inventory": { "TotalTimeout": "00:00:05", "Hedging": { "MaxHedgedAttempts": 3, "Delay": "00:00:00.250" }, "ClientThrottling": { "Multiplier": 4 } } } } }""");
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        AddInventoryClient(builder).AddStandardHedging(builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptionsMonitor<StandardHttpHedgingOptions>>().Get("inventory");

        options.TotalTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.Hedging.MaxHedgedAttempts.Should().Be(3);
        options.Hedging.Delay.Should().Be(TimeSpan.FromMilliseconds(250));
        options.Hedging.ShouldHandle.Should().NotBeNull("binding keeps the preset's HTTP classification");
        options.ClientThrottling!.Multiplier.Should().Be(4);
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        (await client.GetAsync("a", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task Reload_HedgingPresetSection_ReachesThePipelineAlreadyBuilt()
    {
        // Failing answers are hedged at once (the preset hedges on a handled failure): attempts per call = 1 + MaxHedgedAttempts.
        const string Json = """{ "Resilience": { "Http": { "inventory": { "Hedging": { "MaxHedgedAttempts": HEDGES, "Delay": "00:00:30" }, "CircuitBreaker": { "FailureThreshold": 100 } } } } }""";
        Write(Json.Replace("HEDGES", "1", StringComparison.Ordinal));
        var builder = CreateBuilder();
        AddInventoryClient(builder).AddStandardHedging(builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();
        var ct = TestContext.Current.CancellationToken;
        await host.StartAsync(ct);
        _server.SetDefault(Fault.Status(503));
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");
        (await client.GetAsync("a", ct)).Dispose();
        _server.RequestCount.Should().Be(2, "the primary and one hedge");

        Write(Json.Replace("HEDGES", "3", StringComparison.Ordinal));
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();
        (await client.GetAsync("b", ct)).Dispose();

        _server.RequestCount.Should().Be(2 + 4, "the reloaded MaxHedgedAttempts (3) reached the client's pipeline");
        await host.StopAsync(ct);
    }

    [Theory]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "Hedging": { "MaxHedgedAttemps": 3 } } } } }""", "Resilience:Http:inventory:Hedging:MaxHedgedAttemps", "MaxHedgedAttempts")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "Hedging": { "MaxHedgedAttempts": 0 } } } } }""", "Resilience:Http:inventory:Hedging:MaxHedgedAttempts", "it was 0.")]
    [InlineData("""{ "Resilience": { "Http": { "inventory": { "Retry": { "MaxAttempts": 2 } } } } }""", "Resilience:Http:inventory:Retry", "Hedging")]
    public Task StartAsync_BadKeyInTheHedgingPresetSection_FailsNamingTheKeyAndItsPath(string json, string path, string hint) =>
        StartShouldFailAsync(json, path, hint, static (client, section) => client.AddStandardHedging(section));

    private async Task StartShouldFailAsync(string json, string path, string hint, Action<IHttpClientBuilder, IConfiguration> addPreset)
    {
        Write(json);
        var builder = CreateBuilder();
        builder.Services.AddResilience(builder.Configuration);
        addPreset(AddInventoryClient(builder), builder.Configuration.GetSection("Resilience:Http:inventory"));
        using var host = builder.Build();

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(path).And.Contain(hint);
    }

    /// <summary>Starts a host whose client "inventory" binds the standard preset from <c>Resilience:Http:inventory</c> of the JSON written last.</summary>
    private async Task<IHost> StartInventoryHostAsync()
    {
        var builder = CreateBuilder();
        AddInventoryClient(builder).AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    private HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(Path.Combine(_directory, "appsettings.json"), optional: false, reloadOnChange: false);
        return builder;
    }

    private IHttpClientBuilder AddInventoryClient(HostApplicationBuilder builder) =>
        builder.Services.AddHttpClient("inventory", c => c.BaseAddress = _server.BaseAddress);

    private void Write(string json) => File.WriteAllText(Path.Combine(_directory, "appsettings.json"), json);
}
