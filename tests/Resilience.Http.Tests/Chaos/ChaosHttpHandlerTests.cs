using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Chaos;
using Resilience.Http.Chaos;

namespace Resilience.Http.Tests.Chaos;

public sealed class ChaosHttpHandlerTests
{
    [Fact]
    public async Task SendAsync_InjectedOutcome_Returns503WithoutCallingInnerHandler()
    {
        var inner = new CountingHandler();
        using var client = new HttpClient(new ChaosHttpHandler(Pipeline(b => b.AddChaosOutcome(Outcome503(rate: 1)))) { InnerHandler = inner });

        using var response = await client.GetAsync(new Uri("http://127.0.0.1/items"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        inner.Calls.Should().Be(0);
    }

    [Fact]
    public async Task SendAsync_NotEnabled_PassesEveryRequestThrough()
    {
        var inner = new CountingHandler();
        var options = Outcome503(rate: 1);
        options.Enabled = false;
        using var client = new HttpClient(new ChaosHttpHandler(Pipeline(b => b.AddChaosOutcome(options))) { InnerHandler = inner });

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/items"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        inner.Calls.Should().Be(10);
    }

    [Fact]
    public async Task SendAsync_SeededTrials_Injects503sAtConfiguredRate()
    {
        var inner = new CountingHandler();
        var options = Outcome503(rate: 0.25);
        options.Randomizer = new Random(11).NextDouble;
        using var client = new HttpClient(new ChaosHttpHandler(Pipeline(b => b.AddChaosOutcome(options))) { InnerHandler = inner });
        var unavailable = 0;

        for (var i = 0; i < 10_000; i++)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/items"));
            unavailable += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        var bound = 4 * Math.Sqrt(10_000 * 0.25 * 0.75);
        unavailable.Should().BeInRange((int)(2_500 - bound), (int)(2_500 + bound));
        (unavailable + inner.Calls).Should().Be(10_000);
    }

    [Fact]
    public async Task SendAsync_InjectedFault_ThrowsGeneratedException()
    {
        var pipeline = Pipeline(b => b.AddChaosFault(new ChaosFaultOptions { Enabled = true, InjectionRate = 1, FaultGenerator = _ => new HttpRequestException("chaos: connection reset") }));
        using var client = new HttpClient(new ChaosHttpHandler(pipeline) { InnerHandler = new CountingHandler() });

        var act = () => client.GetAsync(new Uri("http://127.0.0.1/items"));

        await act.Should().ThrowAsync<HttpRequestException>().WithMessage("chaos: connection reset");
    }

    [Fact]
    public void Send_Synchronous_InjectsToo()
    {
        var inner = new CountingHandler();
        using var client = new HttpClient(new ChaosHttpHandler(Pipeline(b => b.AddChaosOutcome(Outcome503(rate: 1)))) { InnerHandler = inner });

        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, new Uri("http://127.0.0.1/items")));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        inner.Calls.Should().Be(0);
    }

    [Fact]
    public async Task SendAsync_InjectedLatency_WaitsOnContainerClock()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingHandler();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        services.AddHttpClient("chaotic")
            .AddChaos(b => b.AddChaosLatency(new ChaosLatencyOptions { Enabled = true, InjectionRate = 1, Latency = TimeSpan.FromSeconds(3) }))
            .ConfigurePrimaryHttpMessageHandler(() => inner);
        using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("chaotic");

        var call = client.GetAsync(new Uri("http://127.0.0.1/items"));
        time.Advance(TimeSpan.FromSeconds(2.9));
        call.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(0.1));

        using var response = await call;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        inner.Calls.Should().Be(1);
    }

    private static ResiliencePipeline Pipeline(Action<ResiliencePipelineBuilder> configure)
    {
        var builder = new ResiliencePipelineBuilder();
        configure(builder);
        return builder.Build();
    }

    private static ChaosOutcomeOptions<HttpResponseMessage> Outcome503(double rate) => new()
    {
        Enabled = true,
        InjectionRate = rate,
        OutcomeGenerator = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
    };

    private sealed class CountingHandler : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
