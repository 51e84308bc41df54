using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Resilience.Http.Tests.TestSupport;
using Resilience.TestUtilities.Http;

namespace Resilience.Http.Tests.DependencyInjection;

public sealed partial class HttpClientBuilderResilienceExtensionsTests : IAsyncLifetime
{
    private FaultServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FaultServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task AddResilience_ClientScope_BuildsOnePipelineForTheClientAndSendsThroughIt()
    {
        var services = new ServiceCollection();
        var recorder = new RecordingStrategy();
        var built = new ConcurrentBag<string>();
        services.AddHttpClient("users", c => c.BaseAddress = _server.BaseAddress)
            .AddResilience((b, ctx) =>
            {
                built.Add(ctx.BreakerName);
                b.AddStrategy(recorder);
            });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        for (var i = 0; i < 3; i++)
        {
            using var client = factory.CreateClient("users");
            (await client.GetAsync("items", TestContext.Current.CancellationToken)).Dispose();
        }

        built.Should().Equal("users");
        recorder.OperationTypes.Should().HaveCount(3);
        _server.RequestCount.Should().Be(3);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddResilience_CalledTwice_AddsTheHandlerOnceAndUsesTheLastPipeline()
    {
        var services = new ServiceCollection();
        var first = new RecordingStrategy();
        var second = new RecordingStrategy();
        services.AddHttpClient("users", c => c.BaseAddress = _server.BaseAddress)
            .AddResilience((b, _) => b.AddStrategy(first))
            .AddResilience((b, _) => b.AddStrategy(second));
        await using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("users");
        (await client.GetAsync("items", TestContext.Current.CancellationToken)).Dispose();

        first.OperationTypes.Should().BeEmpty();
        second.OperationTypes.Should().HaveCount(1);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddResilience_AuthorityScope_BuildsOnePipelinePerAuthority()
    {
        await using var other = await FaultServer.StartAsync();
        var services = new ServiceCollection();
        var recorders = new ConcurrentDictionary<string, RecordingStrategy>();
        services.AddHttpClient("multi")
            .AddResilience(
                (b, ctx) => b.AddStrategy(recorders.GetOrAdd(ctx.BreakerName, _ => new RecordingStrategy())),
                o => o.BreakerScope = HttpBreakerScope.Authority);
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("multi");

        (await client.GetAsync(new Uri(_server.BaseAddress, "a"), TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync(new Uri(_server.BaseAddress, "b"), TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync(new Uri(other.BaseAddress, "c"), TestContext.Current.CancellationToken)).Dispose();

        var first = $"multi/http://127.0.0.1:{_server.BaseAddress.Port}";
        var second = $"multi/http://127.0.0.1:{other.BaseAddress.Port}";
        recorders.Keys.Should().BeEquivalentTo(first, second);
        recorders[first].OperationTypes.Should().HaveCount(2);
        recorders[second].OperationTypes.Should().HaveCount(1);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddResilience_ConcurrentFirstRequests_BuildEachAuthoritysPipelineOnce()
    {
        await using var other = await FaultServer.StartAsync();
        var services = new ServiceCollection();
        var built = new ConcurrentBag<string>();
        services.AddHttpClient("multi")
            .AddResilience((_, ctx) => built.Add(ctx.BreakerName), o => o.BreakerScope = HttpBreakerScope.Authority);
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("multi");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // 64 calls released at once (without blocking pool threads) race to build the two pipelines.
        var calls = Enumerable.Range(0, 64).Select(async i =>
        {
            await start.Task;
            var target = i % 2 == 0 ? _server.BaseAddress : other.BaseAddress;
            (await client.GetAsync(target, TestContext.Current.CancellationToken)).Dispose();
        }).ToArray();
        start.SetResult();
        await Task.WhenAll(calls);

        built.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        (_server.RequestCount + other.RequestCount).Should().Be(64);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddResilience_ClientOptions_ReachTheHandler()
    {
        _server.Enqueue(Fault.Status(503), 1);
        var services = new ServiceCollection();
        services.AddHttpClient("orders", c => c.BaseAddress = _server.BaseAddress)
            .AddResilience(
                (b, _) => b.AddStrategy(new TestRetryStrategy(2, HttpResiliencePredicates.ShouldRetry)),
                o => o.AllowNonIdempotentRetries = true);
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders");

        using var response = await client.PostAsync("orders", new StringContent("o"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.CountOf(HttpMethod.Post).Should().Be(2);
    }

    [Fact]
    public async Task AddResilience_InvalidOptions_FailNamingTheClientOptionAndValue()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("users").AddResilience((_, _) => { }, o => o.MaxReplayableContentLength = -5);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<ResilientHttpClientOptions>>().Get("users");

        act.Should().Throw<OptionsValidationException>()
            .WithMessage("Resilience:Http:users:MaxReplayableContentLength must be at least 0; it was -5.");
    }

    [Fact]
    public void AddStandardResilience_ClientDefaults_ThrowsAskingForANamedClient()
    {
        var services = new ServiceCollection();

        var act = () => services.ConfigureHttpClientDefaults(b => b.AddStandardResilience());

        act.Should().Throw<ArgumentException>().WithMessage("Resilience.Http needs a named client*").Which.ParamName.Should().Be("builder");
    }

    [Fact]
    public void AddResilience_NullArguments_Throw()
    {
        var builder = new ServiceCollection().AddHttpClient("users");

        var noBuilder = () => HttpClientBuilderResilienceExtensions.AddResilience(null!, (_, _) => { });
        var noPipeline = () => builder.AddResilience(null!);

        noBuilder.Should().Throw<ArgumentNullException>();
        noPipeline.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task ConfigureConnectionPool_ConfiguresThePrimarySocketsHandler()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("users").ConfigureConnectionPool(o =>
        {
            o.MaxConnectionsPerServer = 4;
            o.RequestTimeout = TimeSpan.FromSeconds(6);
        });
        await using var provider = services.BuildServiceProvider();

        var handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("users");

        var sockets = Primary(handler).Should().BeOfType<SocketsHttpHandler>().Subject;
        sockets.MaxConnectionsPerServer.Should().Be(4);
        sockets.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(2));
        sockets.PooledConnectionLifetime.Should().Be(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task ConfigureConnectionPool_InvalidOptions_FailNamingTheClient()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("users").ConfigureConnectionPool(o => o.MaxConnectionsPerServer = 0);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<HttpConnectionPoolOptions>>().Get("users");

        act.Should().Throw<OptionsValidationException>()
            .WithMessage("Resilience:Http:users:MaxConnectionsPerServer must be at least 1; it was 0.");
    }

    private static HttpMessageHandler Primary(HttpMessageHandler handler)
    {
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        return handler;
    }
}
