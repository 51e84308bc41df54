using System.Net;
using System.Net.Sockets;
using Resilience.A2A.Tests.Peer;

namespace Resilience.A2A.Tests;

public sealed class A2AAgentHealthCheckerTests(A2APeerFixture peer) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    private readonly string _scope = A2APeerFixture.NewScope();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task CheckAllAsync_ReachableAndUnreachableAgents_ReportsEachAndKeepsLastResults()
    {
        var checker = new A2AAgentHealthChecker(
        [
            KeyValuePair.Create("echo", Client(peer.AgentUri(_scope, "echo"))),
            KeyValuePair.Create("gone", Client(new Uri($"http://127.0.0.1:{ClosedPort()}/"))),
            KeyValuePair.Create("broken", Client(peer.AgentUri(_scope, "no-such-agent"))),
        ]);

        var results = await checker.CheckAllAsync(TestContext.Current.CancellationToken);

        results.Should().BeEquivalentTo(new Dictionary<string, A2AAgentHealth>
        {
            ["echo"] = A2AAgentHealth.Healthy,
            ["gone"] = A2AAgentHealth.Unhealthy,
            ["broken"] = A2AAgentHealth.Unhealthy,
        });
        checker.LastResults.Should().BeEquivalentTo(results);
        checker.AgentNames.Should().BeEquivalentTo("echo", "gone", "broken");
    }

    [Fact]
    public async Task CheckAsync_UnknownAgent_ThrowsNamingIt()
    {
        var checker = new A2AAgentHealthChecker([]);

        var act = () => checker.CheckAsync("ghost", TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("'ghost'");
    }

    private A2AClient Client(Uri baseAddress) => new(_http, new A2AClientOptions { BaseAddress = baseAddress }, new FakeTimeProvider());

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
