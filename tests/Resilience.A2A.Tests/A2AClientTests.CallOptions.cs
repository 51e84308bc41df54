using System.Net;
using Resilience.A2A.Tests.Peer;

namespace Resilience.A2A.Tests;

/// <content>Per-call headers, extensions and the per-request credential callback, against the SDK peer.</content>
public sealed partial class A2AClientTests
{
    [Theory]
    [InlineData(A2AProtocolVersion.V1, "a2a-extensions")]
    [InlineData(A2AProtocolVersion.V03, "x-a2a-extensions")]
    public async Task SendMessageAsync_PerCallHeadersAndExtensions_SentOnThatCallOnly(A2AProtocolVersion version, string extensionsHeader)
    {
        var client = Client("echo", o => o.PreferredProtocolVersion = version);
        var ct = TestContext.Current.CancellationToken;
        var options = new A2ASendOptions { Headers = { ["X-Trace-Tag"] = "call-1" }, Extensions = { "https://ext.example/a", "https://ext.example/b" } };

        await client.SendMessageAsync(A2AMessage.FromText("with"), options, ct);
        await client.SendMessageAsync(A2AMessage.FromText("without"), cancellationToken: ct);

        var headers = await peer.HeadersAsync(_scope);
        headers.Should().HaveCount(2);
        headers[0]["x-trace-tag"].Should().Be("call-1");
        headers[0][extensionsHeader].Should().Be("https://ext.example/a, https://ext.example/b");
        headers[1].Should().NotContainKey("x-trace-tag").And.NotContainKey(extensionsHeader);
    }

    [Theory]
    [InlineData(A2AProtocolVersion.V1)]
    [InlineData(A2AProtocolVersion.V03)]
    public async Task CredentialProvider_AskedPerRequest_RefreshedTokenSentEachTime(A2AProtocolVersion version)
    {
        var asked = new List<A2ACredentialRequest>();
        var client = Client("echo-bearer", o =>
        {
            o.PreferredProtocolVersion = version;
            o.CredentialProvider = (request, _) =>
            {
                lock (asked)
                {
                    asked.Add(request);
                    return ValueTask.FromResult<string?>($"token-{asked.Count}");
                }
            };
        });
        var ct = TestContext.Current.CancellationToken;

        await client.SendMessageAsync(A2AMessage.FromText("one"), cancellationToken: ct);
        await client.GetTaskAsync("no-such-task", cancellationToken: ct).ContinueWith(static _ => { }, TaskScheduler.Default);
        var third = await client.SendMessageAsync(A2AMessage.FromText("three"), cancellationToken: ct);

        third.Message!.Text.Should().Be("echo: three");
        (await peer.HeadersAsync(_scope)).Select(h => h["authorization"]).Should().Equal("Bearer token-1", "Bearer token-2", "Bearer token-3");
        asked.Should().HaveCount(3, "once per JSON-RPC request, never for the card");
        asked.Should().AllSatisfy(r =>
        {
            r.SchemeName.Should().Be("bearer");
            r.Scheme.Kind.Should().Be(A2ASecuritySchemeKind.Http);
            r.Endpoint.Should().Be(new Uri(peer.AgentUri(_scope, "echo-bearer") + "/rpc"));
        });
    }

    [Fact]
    public async Task CredentialProvider_Throws_FailsWithCredentialsKindAndSendsNothing()
    {
        var client = Client("echo-bearer", o => o.CredentialProvider = (_, _) => throw new InvalidOperationException("vault down"));
        var ct = TestContext.Current.CancellationToken;
        await client.GetAgentCardAsync(ct);

        var thrown = (await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("x"), cancellationToken: ct))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Credentials);
        thrown.InnerException.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("vault down");
        thrown.Message.Should().Contain("'bearer'");
        A2AResiliencePredicates.IsPermanent(thrown).Should().BeTrue();
        (await peer.CountAsync(_scope, "SendMessage")).Should().Be(0);
    }

    [Fact]
    public async Task CredentialProvider_ReturnsNull_FallsBackToFixedCredential()
    {
        var client = Client("echo-bearer", o =>
        {
            o.Credentials["bearer"] = "token-fixed";
            o.CredentialProvider = (_, _) => ValueTask.FromResult<string?>(null);
        });

        await client.SendMessageAsync(A2AMessage.FromText("x"), cancellationToken: TestContext.Current.CancellationToken);

        (await peer.HeadersAsync(_scope)).Single()["authorization"].Should().Be("Bearer token-fixed");
    }

    [Theory]
    [InlineData("A2A-Version")]
    [InlineData("content-type")]
    [InlineData("Host")]
    public async Task SendMessageAsync_ReservedPerCallHeader_ThrowsNamingIt(string name)
    {
        var client = Client("echo");
        var options = new A2ASendOptions { Headers = { [name] = "x" } };

        var act = () => client.SendMessageAsync(A2AMessage.FromText("x"), options, TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain($"'{name}'");
        (await peer.TotalAsync(_scope)).Should().Be(0);
    }

    [Fact]
    public async Task SendMessageAsync_NoCredentialForBearerAgent_PermanentUnauthorized()
    {
        var client = Client("echo-bearer");

        var thrown = (await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("x"), cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
