using System.Net;
using System.Text.Json;
using Resilience.A2A.Internal;
using Resilience.A2A.Tests.Fakes;

namespace Resilience.A2A.Tests.Internal;

public sealed class CredentialsTests
{
    private const string Card = """
        {"name":"a","supportedInterfaces":[{"url":"ENDPOINT","protocolBinding":"JSONRPC","protocolVersion":"1.0"}],
         "securitySchemes":{"key":{"apiKeySecurityScheme":{"location":"header","name":"X-Api-Key"}},
                            "bearer":{"httpAuthSecurityScheme":{"scheme":"Bearer"}}}}
        """;

    [Theory]
    [InlineData("http://agent.example/rpc", true)]
    [InlineData("http://agent.example:80/other/rpc", true)]
    [InlineData("https://agent.example/rpc", false)]
    [InlineData("http://agent.example:8080/rpc", false)]
    [InlineData("http://evil.example/rpc", false)]
    [InlineData("http://sub.agent.example/rpc", false)]
    public async Task SendMessageAsync_EndpointOrigin_CredentialsOnlyToAgentsOwnOrigin(string endpoint, bool sent)
    {
        var handler = new StubHandler((request, body) => request.Method == HttpMethod.Get
            ? (HttpStatusCode.OK, Card.Replace("ENDPOINT", endpoint, StringComparison.Ordinal))
            : (HttpStatusCode.OK, Echo(body)));
        using var http = new HttpClient(handler);
        var options = new A2AClientOptions { BaseAddress = new Uri("http://agent.example/a") };
        options.Credentials["key"] = "k-123";
        options.Credentials["bearer"] = "t-456";
        var client = new A2AClient(http, options, new FakeTimeProvider());

        await client.SendMessageAsync(A2AMessage.FromText("hi"), cancellationToken: TestContext.Current.CancellationToken);

        var post = handler.Requests.Single(r => r.Url == new Uri(endpoint));
        post.Headers.ContainsKey("X-Api-Key").Should().Be(sent);
        post.Headers.ContainsKey("Authorization").Should().Be(sent);
        if (sent)
        {
            post.Headers["X-Api-Key"].Should().Be("k-123");
            post.Headers["Authorization"].Should().Be("Bearer t-456");
        }

        handler.Requests.Where(r => r.Url.AbsolutePath.EndsWith(".json", StringComparison.Ordinal))
            .Should().OnlyContain(r => !r.Headers.ContainsKey("X-Api-Key") && !r.Headers.ContainsKey("Authorization"), "the card fetch carries no credentials");
    }

    [Fact]
    public async Task SendMessageAsync_RedirectAnswer_NotFollowedAndPermanent()
    {
        var handler = new StubHandler((request, _) => request.Method == HttpMethod.Get
            ? (HttpStatusCode.OK, Card.Replace("ENDPOINT", "http://agent.example/rpc", StringComparison.Ordinal))
            : (HttpStatusCode.TemporaryRedirect, string.Empty));
        using var http = new HttpClient(handler);
        var client = new A2AClient(http, new A2AClientOptions { BaseAddress = new Uri("http://agent.example/") }, new FakeTimeProvider());

        var thrown = (await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("hi"), cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        A2AResiliencePredicates.IsPermanent(thrown).Should().BeTrue();
    }

    private static string Echo(string requestBody)
    {
        using var doc = JsonDocument.Parse(requestBody);
        var id = doc.RootElement.GetProperty("id").GetString();
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":{\"message\":{\"messageId\":\"m\",\"role\":\"ROLE_AGENT\",\"parts\":[{\"text\":\"ok\"}]}}}";
    }
}
