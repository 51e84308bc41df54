using System.Text.Json;
using Resilience.A2A.Internal;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Tests.Internal;

public sealed class WireMapperTests
{
    [Fact]
    public void ToWire_V03_AddsKindsAndLowercaseRole()
    {
        var json = Serialize(WireMapper.ToWire(new A2AMessage { MessageId = "m1", Parts = [A2APart.FromText("hi")] }, A2AProtocolVersion.V03));

        json.Should().Be("""{"kind":"message","messageId":"m1","role":"user","parts":[{"kind":"text","text":"hi"}]}""");
    }

    [Fact]
    public void ToWire_V1_NoKindsAndEnumRole()
    {
        var json = Serialize(WireMapper.ToWire(new A2AMessage { MessageId = "m1", Parts = [A2APart.FromText("hi")] }, A2AProtocolVersion.V1));

        json.Should().Be("""{"messageId":"m1","role":"ROLE_USER","parts":[{"text":"hi"}]}""");
    }

    [Theory]
    [InlineData("""{"task":{"id":"t","status":{"state":"TASK_STATE_WORKING"}},"message":{"messageId":"m","parts":[]}}""")]
    [InlineData("""{}""")]
    [InlineData("""{"kind":"surprise"}""")]
    [InlineData("""{"task":{"id":"","status":{"state":"TASK_STATE_WORKING"}}}""")]
    [InlineData("""{"message":{"messageId":"m","parts":[{"mediaType":"text/plain"}]}}""")]
    public void ReadEvent_V1UnknownShape_ThrowsProtocolError(string result)
    {
        var act = () => WireMapper.Read(() => WireMapper.ReadEvent(Deserialize(result), A2AProtocolVersion.V1), "SendMessage");

        var thrown = act.Should().Throw<A2AException>().Which;
        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Method.Should().Be("SendMessage");
    }

    [Fact]
    public void ReadEvent_V03StatusUpdate_MapsStateAndFinal()
    {
        var e = WireMapper.ReadEvent(Deserialize("""{"kind":"status-update","taskId":"t","status":{"state":"input-required"},"final":true}"""), A2AProtocolVersion.V03);

        e.Kind.Should().Be(A2AStreamEventKind.StatusUpdate);
        e.TaskId.Should().Be("t");
        e.Status!.State.Should().Be(A2ATaskState.InputRequired);
        e.IsFinal.Should().BeTrue();
    }

    [Fact]
    public void ReadTask_UnknownState_MapsToUnknownInsteadOfFailing()
    {
        var task = WireMapper.ReadTask(Deserialize("""{"id":"t","status":{"state":"TASK_STATE_FROM_THE_FUTURE"}}"""));

        task.Status.State.Should().Be(A2ATaskState.Unknown);
    }

    [Fact]
    public void ReadEvent_V1FileParts_DecodeRawAndUrl()
    {
        var e = WireMapper.ReadEvent(
            Deserialize("""{"message":{"messageId":"m","parts":[{"raw":"AQID","mediaType":"application/octet-stream","filename":"a.bin"},{"url":"https://x/y"}]}}"""),
            A2AProtocolVersion.V1);

        e.Message!.Parts[0].Bytes!.Value.ToArray().Should().Equal(1, 2, 3);
        e.Message.Parts[0].FileName.Should().Be("a.bin");
        e.Message.Parts[1].Url.Should().Be("https://x/y");
    }

    private static string Serialize(WireMessage message) => JsonSerializer.Serialize(message, A2AJsonContext.Default.WireMessage);

    private static WireResult Deserialize(string json) => JsonSerializer.Deserialize(json, A2AJsonContext.Default.WireResult)!;
}
