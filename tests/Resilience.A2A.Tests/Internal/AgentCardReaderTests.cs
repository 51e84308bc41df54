using Resilience.A2A.Internal;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Tests.Internal;

public sealed class AgentCardReaderTests
{
    private static readonly Uri CardUrl = new("http://agent.example/x/.well-known/agent-card.json");

    [Fact]
    public void Read_V03CardWithoutSupportedInterfaces_UsesUrlAndV03()
    {
        var card = AgentCardReader.Read(new WireAgentCard { Name = "n", Url = "http://agent.example/rpc", ProtocolVersion = "0.3.0" }, CardUrl, A2AProtocolVersion.V1);

        card.ProtocolVersion.Should().Be(A2AProtocolVersion.V03);
        card.Endpoint.Url.Should().Be(new Uri("http://agent.example/rpc"));
    }

    [Fact]
    public void Read_V03CardPreferringGrpc_UsesAdditionalJsonRpcInterface()
    {
        var wire = new WireAgentCard
        {
            Url = "grpc://agent.example:50051",
            PreferredTransport = "GRPC",
            ProtocolVersion = "0.3.0",
            AdditionalInterfaces = [new WireInterface { Url = "/jsonrpc", Transport = "JSONRPC" }],
        };

        var card = AgentCardReader.Read(wire, CardUrl, A2AProtocolVersion.V1);

        card.Endpoint.Url.Should().Be(new Uri("http://agent.example/jsonrpc"), "relative URLs resolve against the card's URL");
        card.ProtocolVersion.Should().Be(A2AProtocolVersion.V03);
    }

    [Theory]
    [InlineData(A2AProtocolVersion.V1, "http://agent.example/v1", A2AProtocolVersion.V1)]
    [InlineData(A2AProtocolVersion.V03, "http://agent.example/v03", A2AProtocolVersion.V03)]
    public void Read_BothVersionsOffered_TakesPreferred(A2AProtocolVersion preferred, string url, A2AProtocolVersion expected)
    {
        var wire = new WireAgentCard
        {
            SupportedInterfaces =
            [
                new WireInterface { Url = "http://agent.example/grpc", ProtocolBinding = "GRPC", ProtocolVersion = "1.0" },
                new WireInterface { Url = "http://agent.example/v1", ProtocolBinding = "JSONRPC", ProtocolVersion = "1.0" },
                new WireInterface { Url = "http://agent.example/v03", ProtocolBinding = "JSONRPC", ProtocolVersion = "0.3" },
            ],
        };

        var card = AgentCardReader.Read(wire, CardUrl, preferred);

        card.Endpoint.Url.Should().Be(new Uri(url));
        card.ProtocolVersion.Should().Be(expected);
        card.Interfaces.Should().HaveCount(3);
    }

    [Fact]
    public void Read_NoUsableJsonRpcInterface_ThrowsProtocolError()
    {
        var wire = new WireAgentCard
        {
            SupportedInterfaces =
            [
                new WireInterface { Url = "http://agent.example/rest", ProtocolBinding = "HTTP+JSON", ProtocolVersion = "1.0" },
                new WireInterface { Url = "http://agent.example/rpc", ProtocolBinding = "JSONRPC", ProtocolVersion = "2.0" },
                new WireInterface { Url = "file:///etc/passwd", ProtocolBinding = "JSONRPC", ProtocolVersion = "1.0" },
            ],
        };

        var act = () => AgentCardReader.Read(wire, CardUrl, A2AProtocolVersion.V1);

        act.Should().Throw<A2AException>().Which.Kind.Should().Be(A2AErrorKind.Protocol);
    }

    [Theory]
    [InlineData("1.0", A2AProtocolVersion.V1)]
    [InlineData("1.0.1", A2AProtocolVersion.V1)]
    [InlineData("1", A2AProtocolVersion.V1)]
    [InlineData("0.3", A2AProtocolVersion.V03)]
    [InlineData("0.3.0", A2AProtocolVersion.V03)]
    [InlineData("0.2.6", null)]
    [InlineData("2.0", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ParseVersion_Text_MapsToSpokenVersion(string? text, A2AProtocolVersion? expected) =>
        AgentCardReader.ParseVersion(text).Should().Be(expected);
}
