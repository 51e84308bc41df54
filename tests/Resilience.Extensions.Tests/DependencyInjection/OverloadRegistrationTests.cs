using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Resilience.AdaptiveConcurrency;
using Resilience.RateLimiting;
using Resilience.Throttling;

namespace Resilience.Extensions.Tests.DependencyInjection;

/// <summary>The shared overload stages per service in DI, and the profiles that pick them up.</summary>
public sealed class OverloadRegistrationTests
{
    [Fact]
    public async Task AddClientThrottling_OneSharedThrottlePerService_UsedByTheProfile()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddClientThrottling("inventory", o => o.Multiplier = 3).AddServiceProfile("inventory");
        await using var provider = services.BuildServiceProvider();

        var throttle = provider.GetRequiredKeyedService<ClientThrottlingStrategy>("inventory");
        await provider.GetRequiredKeyedService<ResiliencePipeline>("inventory").ExecuteAsync(static _ => ValueTask.FromResult(1));

        provider.GetRequiredKeyedService<ClientThrottlingStrategy>("inventory").Should().BeSameAs(throttle);
        throttle.Name.Should().Be("inventory");
        throttle.WindowCounts.Should().Be((1L, 1L), "the profile's call went through the service's throttle");
    }

    [Fact]
    public async Task AddAdaptiveConcurrencyLimit_TheProfileRunsInsideTheServicesLimit()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddAdaptiveConcurrencyLimit("inventory", o => o.InitialLimit = 5).AddServiceProfile("inventory");
        await using var provider = services.BuildServiceProvider();
        var limit = provider.GetRequiredKeyedService<AdaptiveConcurrencyStrategy>("inventory");
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = provider.GetRequiredKeyedService<ResiliencePipeline>("inventory").ExecuteAsync(_ => new ValueTask<int>(gate.Task)).AsTask();

        limit.InFlight.Should().Be(1);
        limit.Limit.Should().Be(5);
        limit.Name.Should().Be("inventory");
        gate.SetResult(1);
        await call;
        limit.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task AddRateLimiter_TheProfileTakesOnePermitPerCall_AndRejectsWithTheLimitersException()
    {
        var services = new ServiceCollection();
        services.AddResilience()
            .AddRateLimiter("inventory", static _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }))
            .AddServiceProfile("inventory");
        var provider = services.BuildServiceProvider();
        var limiter = provider.GetRequiredKeyedService<RateLimiter>("inventory");
        var pipeline = provider.GetRequiredKeyedService<ResiliencePipeline>("inventory");
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = pipeline.ExecuteAsync(_ => new ValueTask<int>(gate.Task)).AsTask();

        var act = () => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2)).AsTask();

        (await act.Should().ThrowAsync<RateLimiterRejectedException>()).Which.Message.Should().Contain("inventory");
        gate.SetResult(1);
        await holder;
        await provider.DisposeAsync();
        limiter.Invoking(l => l.AttemptAcquire()).Should().Throw<ObjectDisposedException>("the container owns and disposes the limiter");
    }

    [Fact]
    public async Task CustomPipeline_ResolvesTheSharedStagesByName()
    {
        var services = new ServiceCollection();
        services.AddResilience()
            .AddClientThrottling("search")
            .AddPipeline("search-a", static (b, c) => b.AddClientThrottling(c.ServiceProvider.GetRequiredKeyedService<ClientThrottlingStrategy>("search")))
            .AddPipeline("search-b", static (b, c) => b.AddClientThrottling(c.ServiceProvider.GetRequiredKeyedService<ClientThrottlingStrategy>("search")));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<ResiliencePipeline>("search-a").ExecuteAsync(static _ => ValueTask.FromResult(1));
        await provider.GetRequiredKeyedService<ResiliencePipeline>("search-b").ExecuteAsync(static _ => ValueTask.FromResult(1));

        provider.GetRequiredKeyedService<ClientThrottlingStrategy>("search").WindowCounts.Requests.Should().Be(2, "both pipelines share the service's counts");
    }

    [Fact]
    public async Task Profile_WithoutOverloadRegistrations_HasNoneOfTheStages()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddClientThrottling("other").AddServiceProfile("inventory");
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<ResiliencePipeline>("inventory").ExecuteAsync(static _ => ValueTask.FromResult(1));

        provider.GetRequiredKeyedService<ClientThrottlingStrategy>("other").WindowCounts.Requests.Should().Be(0, "a throttle serves only the service it is named after");
    }

    [Theory]
    [InlineData("throttling", "Resilience:ClientThrottling:inventory:Multiplier must be between 1 and 100; it was 0.5.")]
    [InlineData("adaptive", "Resilience:AdaptiveConcurrency:inventory:InitialLimit must be between 1 and 200; it was 500.")]
    public async Task StartAsync_InvalidOptions_FailsNamingTheServiceTheOptionAndTheValue(string stage, string message)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var resilience = builder.Services.AddResilience();
        _ = stage == "throttling"
            ? resilience.AddClientThrottling("inventory", static o => o.Multiplier = 0.5)
            : resilience.AddAdaptiveConcurrencyLimit("inventory", static o => o.InitialLimit = 500);
        using var host = builder.Build();

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    [Fact]
    public async Task ConfigurationSections_BindOneSharedStagePerChild_AndTheProfilePicksThemUp()
    {
        using var host = BuildHost(new()
        {
            ["Resilience:ClientThrottling:inventory:Multiplier"] = "3",
            ["Resilience:ClientThrottling:inventory:Window"] = "00:00:30",
            ["Resilience:AdaptiveConcurrency:inventory:Algorithm"] = "Gradient",
            ["Resilience:AdaptiveConcurrency:inventory:InitialLimit"] = "7",
            ["Resilience:Retries:inventory:MaxAttempts"] = "2",
        });
        await host.StartAsync(TestContext.Current.CancellationToken);

        var throttle = host.Services.GetRequiredKeyedService<ClientThrottlingStrategy>("inventory");
        var limit = host.Services.GetRequiredKeyedService<AdaptiveConcurrencyStrategy>("inventory");
        var throttleOptions = (ClientThrottlingOptions)throttle.Options!;
        throttleOptions.Multiplier.Should().Be(3);
        throttleOptions.Window.Should().Be(TimeSpan.FromSeconds(30));
        limit.Algorithm.Should().Be(AdaptiveLimitAlgorithm.Gradient);
        limit.Limit.Should().Be(7);

        await host.Services.GetRequiredKeyedService<ResiliencePipeline>("inventory").ExecuteAsync(static _ => ValueTask.FromResult(1));
        throttle.WindowCounts.Should().Be((1L, 1L), "the profile declared by Resilience:Retries:inventory runs through the configured throttle");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ConfigurationSection_CodeChangesApplyAfterTheSection()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Resilience:ClientThrottling:inventory:Multiplier"] = "3" });
        builder.Services.AddResilience(builder.Configuration).AddClientThrottling("inventory", static o => o.MaxRejectionProbability = 0.5);
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = (ClientThrottlingOptions)host.Services.GetRequiredKeyedService<ClientThrottlingStrategy>("inventory").Options!;

        options.Multiplier.Should().Be(3, "the section's value stays");
        options.MaxRejectionProbability.Should().Be(0.5, "code changes what it sets, after the section");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("Resilience:ClientThrottling:inventory:Multiplier", "0", "Resilience:ClientThrottling:inventory:Multiplier must be between 1 and 100; it was 0.")]
    [InlineData("Resilience:ClientThrottling:inventory:Multiplyer", "3", "Resilience:ClientThrottling:inventory:Multiplyer")]
    [InlineData("Resilience:AdaptiveConcurrency:inventory:MaxLimit", "0", "Resilience:AdaptiveConcurrency:inventory:MaxLimit must be between 1 and 100000; it was 0.")]
    [InlineData("Resilience:AdaptiveConcurrency:inventory:Algoritm", "Vegas", "Resilience:AdaptiveConcurrency:inventory:Algoritm")]
    public async Task StartAsync_BadValueOrUnknownKeyInAnOverloadSection_FailsNamingThePath(string key, string value, string message)
    {
        using var host = BuildHost(new() { [key] = value });

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddResilience(builder.Configuration);
        return builder.Build();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void AddClientThrottling_InvalidName_Throws(string name)
    {
        var act = () => new ServiceCollection().AddResilience().AddClientThrottling(name);

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(name));
    }
}
