using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Resilience.Bulkhead;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Extensions.Tests.DependencyInjection;

/// <summary>The keyed pipeline registry: any stages in any order, resolved by name, following reloads.</summary>
public sealed class PipelineRegistryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("resilience-pipelines-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AddPipeline_AnyStagesInAnyOrder_IsResolvedByNameAsKeyedServiceAndFromTheProvider()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddPipeline("search", static (builder, context) => builder
            .AddBulkhead(new BulkheadOptions { MaxConcurrency = 2 })
            .AddCircuitBreaker(context.GetCircuitBreaker())
            .AddTimeout(TimeSpan.FromSeconds(1))
            .AddRetry(new RetryOptions { MaxAttempts = 2 }));
        using var provider = services.BuildServiceProvider();

        var keyed = provider.GetRequiredKeyedService<ResiliencePipeline>("search");
        var pipelines = provider.GetRequiredService<ResiliencePipelineProvider>();

        pipelines.GetPipeline("search").Should().BeSameAs(keyed);
        pipelines.Names.Should().Equal("search");
        keyed.Strategies.Select(s => s.GetType()).Should().Equal(typeof(BulkheadStrategy), typeof(CircuitBreakerStrategy), typeof(TimeoutStrategy), typeof(RetryStrategy));
        pipelines.TryGetPipeline("other", out _).Should().BeFalse();
        pipelines.Invoking(p => p.GetPipeline("other")).Should().Throw<KeyNotFoundException>().WithMessage("*'other'*AddPipeline*");
    }

    [Fact]
    public async Task AddPipeline_OptionsFromConfiguration_AReloadReachesThePipelineResolvedBefore()
    {
        var (host, file) = await BuildSearchHostWithOneAttemptAsync();
        using var _ = host;
        await host.StartAsync(TestContext.Current.CancellationToken);
        var pipeline = host.Services.GetRequiredKeyedService<ResiliencePipeline>("search");
        (await CountAttemptsAsync(pipeline)).Should().Be(1);

        await File.WriteAllTextAsync(file, """{ "Resilience": { "Retries": { "search": { "MaxAttempts": 3, "BaseDelay": "00:00:00" } } } }""", TestContext.Current.CancellationToken);
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();

        (await CountAttemptsAsync(pipeline)).Should().Be(3, "the instance resolved before the reload runs the rebuilt stages");
        await File.WriteAllTextAsync(file, """{ "Resilience": { "Retries": { "search": { "MaxAttempts": 0 } } } }""", TestContext.Current.CancellationToken);
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();
        (await CountAttemptsAsync(pipeline)).Should().Be(3, "an invalid reload keeps the last valid options");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddServiceProfile_RetryReload_RebuildsTheProfileAndKeepsTheBreaker()
    {
        var file = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Resilience": { "Retries": { "inventory": { "MaxAttempts": 2, "BaseDelay": "00:00:00" } } } }""", TestContext.Current.CancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        builder.Services.AddResilience(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var pipeline = host.Services.GetRequiredKeyedService<ResiliencePipeline>("inventory");
        var breaker = host.Services.GetRequiredKeyedService<Resilience.CircuitBreaking.CircuitBreaker>("inventory");
        (await CountAttemptsAsync(pipeline)).Should().Be(2);

        await File.WriteAllTextAsync(file, """{ "Resilience": { "Retries": { "inventory": { "MaxAttempts": 3, "BaseDelay": "00:00:00" } } } }""", TestContext.Current.CancellationToken);
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();

        (await CountAttemptsAsync(pipeline)).Should().Be(3);
        breaker.State.Should().Be(CircuitState.Open, "the five failures (two, then three) reached the same breaker's default threshold of 5");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 60_000)]
    public async Task Reload_WhileManyThreadsExecute_EveryCallRunsWholeOnTheOldOrTheNewStages()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Retries:search:MaxAttempts"] = "1",
            ["Resilience:Retries:search:BaseDelay"] = "00:00:00",
        }).Build();
        services.AddResilience(configuration).AddPipeline("search", static (b, context) => b.AddRetry(context.GetOptions<RetryOptions>()));
        using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredKeyedService<ResiliencePipeline>("search");
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var seen = new HashSet<int>();
            while (!stop.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                seen.Add(await CountAttemptsAsync(pipeline));
            }

            return seen;
        })).ToArray();

        for (var i = 0; i < 200; i++)
        {
            configuration["Resilience:Retries:search:MaxAttempts"] = (i % 2 == 0 ? 2 : 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            configuration.Reload();
        }

        await stop.CancelAsync();
        var seenByAll = (await Task.WhenAll(workers)).SelectMany(s => s).ToHashSet();
        seenByAll.Should().BeSubsetOf([1, 2], "a call runs on one build, never a mix");
    }

    [Fact]
    public async Task DisposingTheContainer_DisposesEveryPipelineTheProviderBuilt()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddPipeline("search", static (b, _) => b.AddTimeout(TimeSpan.FromSeconds(5)));
        var provider = services.BuildServiceProvider();
        var pipelines = provider.GetRequiredService<ResiliencePipelineProvider>();
        var pipeline = pipelines.GetPipeline("search");
        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1), TestContext.Current.CancellationToken)).Should().Be(1);

        await provider.DisposeAsync();

        var call = async () => await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1), TestContext.Current.CancellationToken);
        await call.Should().ThrowAsync<ObjectDisposedException>("the timeout stage's timer wheel was released with the container");
        pipelines.Invoking(p => p.GetPipeline("search")).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task Reload_TheReplacedBuild_IsDisposedWhenItsLastCallInFlightEnds()
    {
        var (host, file) = await BuildSearchHostWithOneAttemptAsync();
        using var _ = host;
        var pipeline = host.Services.GetRequiredService<ResiliencePipelineProvider>().GetPipeline("search");
        var replaced = ((Resilience.DependencyInjection.Internal.ReloadableStage)pipeline.Strategies[0]).Current;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = pipeline.ExecuteAsync(_ => new ValueTask<int>(release.Task), TestContext.Current.CancellationToken).AsTask();

        await File.WriteAllTextAsync(file, """{ "Resilience": { "Retries": { "search": { "MaxAttempts": 3, "BaseDelay": "00:00:00" } } } }""", TestContext.Current.CancellationToken);
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();

        (await CountAttemptsAsync(pipeline)).Should().Be(3, "new calls run the new build");
        (await replaced.ExecuteAsync(static _ => ValueTask.FromResult(2), TestContext.Current.CancellationToken))
            .Should().Be(2, "the replaced build still serves the call in flight, so it is not disposed yet");
        release.SetResult(7);
        (await inFlight).Should().Be(7);
        var late = async () => await replaced.ExecuteAsync(static _ => ValueTask.FromResult(2), TestContext.Current.CancellationToken);
        await late.Should().ThrowAsync<ObjectDisposedException>("the replaced build's timers are released once its last call ended");
    }

    /// <summary>A host whose pipeline "search" (timeout, then retry bound to Resilience:Retries:search) reads a JSON file set to one attempt.</summary>
    private async Task<(IHost Host, string File)> BuildSearchHostWithOneAttemptAsync()
    {
        var file = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Resilience": { "Retries": { "search": { "MaxAttempts": 1, "BaseDelay": "00:00:00" } } } }""", TestContext.Current.CancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        builder.Services.AddResilience(builder.Configuration)
            .AddPipeline("search", static (b, context) => b.AddTimeout(TimeSpan.FromSeconds(5)).AddRetry(context.GetOptions<RetryOptions>()));
        return (builder.Build(), file);
    }

    private static async Task<int> CountAttemptsAsync(ResiliencePipeline pipeline)
    {
        var attempts = 0;
        try
        {
            await pipeline.ExecuteAsync(ct =>
            {
                Interlocked.Increment(ref attempts);
                throw new TimeoutException("down");
            });
        }
        catch (TimeoutException)
        {
        }

        return attempts;
    }
}
