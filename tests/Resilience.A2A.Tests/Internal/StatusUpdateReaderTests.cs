using System.Text;
using Resilience.A2A.Internal;

namespace Resilience.A2A.Tests.Internal;

/// <summary>The stream's fast path reads exactly what the general path reads to the same event, and leaves the rest to it.</summary>
public sealed class StatusUpdateReaderTests
{
    private const string Id = "7";

    public static TheoryData<string, A2AProtocolVersion> Accepted => new()
    {
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t-1","contextId":"c-1","status":{"state":"TASK_STATE_WORKING","timestamp":"2026-12-02T05:00:00.000Z"}}}}""", A2AProtocolVersion.V1 },
        { """{"result":{"statusUpdate":{"status":{"timestamp":"2026-12-02T05:00:00+02:00","state":"TASK_STATE_COMPLETED"},"metadata":{},"contextId":"","taskId":"t-1"}},"id":"7","jsonrpc":"2.0"}""", A2AProtocolVersion.V1 },
        { """ { "jsonrpc" : "2.0" , "id" : "7" , "result" : { "statusUpdate" : { "taskId" : "t-1" , "status" : { "state" : "weird" , "message" : null } , "metadata" : null } } } """, A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t-1","contextId":null,"status":{"state":null,"timestamp":"yesterday"}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"kind":"status-update","taskId":"t-1","contextId":"c-1","status":{"state":"working","timestamp":"2026-12-02T05:00:00.000Z"},"final":false,"metadata":{}}}""", A2AProtocolVersion.V03 },
        { """{"jsonrpc":"2.0","id":"7","result":{"taskId":"t-1","status":{"state":"input-required"},"final":true,"kind":"status-update"}}""", A2AProtocolVersion.V03 },
        { """{"jsonrpc":"2.0","id":"7","result":{"kind":"status-update","taskId":"t-1","status":{"state":"TASK_STATE_FAILED","timestamp":null}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t-1","status":{}}}}""", A2AProtocolVersion.V1 },
    };

    public static TheoryData<string, A2AProtocolVersion> LeftToTheGeneralPath => new()
    {
        // Errors, wrong versions and ids: the general path reports them.
        { """{"jsonrpc":"2.0","id":"7","error":{"code":-32004,"message":"no"}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"1.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"8","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":7,"result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },

        // What the fast path does not read: a status message, metadata, escapes, other shapes, unknown properties.
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING","message":{"messageId":"m","parts":[]}}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"},"metadata":{"k":1}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t\u0041","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"artifactUpdate":{"taskId":"t","artifact":{"artifactId":"a","parts":[]}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}},"surprise":1}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}},"kind":"status-update","taskId":"t","status":{"state":"working"}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V03 },
        { """{"jsonrpc":"2.0","id":"7","result":{"kind":"task","id":"t","status":{"state":"working"}}}""", A2AProtocolVersion.V03 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","taskId":"u","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },

        // What the general path refuses: no task id, no status, a non-string state, malformed JSON.
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"","status":{"state":"TASK_STATE_WORKING"}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t"}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":3}}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}}}} x""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING"}}}""", A2AProtocolVersion.V1 },
        { """{"jsonrpc":"2.0","id":"7","result":null}""", A2AProtocolVersion.V1 },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TryRead_PlainStatusUpdate_ReadsWhatTheGeneralPathReads(string json, A2AProtocolVersion version)
    {
        var fast = new StatusUpdateReader(Id, version).TryRead(Encoding.UTF8.GetBytes(json));

        fast.Should().NotBeNull();
        fast.Should().BeEquivalentTo(General(json, version));
    }

    [Theory]
    [MemberData(nameof(LeftToTheGeneralPath))]
    public void TryRead_AnythingElse_ReturnsNull(string json, A2AProtocolVersion version) =>
        new StatusUpdateReader(Id, version).TryRead(Encoding.UTF8.GetBytes(json)).Should().BeNull();

    [Fact]
    public void TryRead_SameTaskAndContext_ReusesThePreviousEventsStrings()
    {
        var reader = new StatusUpdateReader(Id, A2AProtocolVersion.V1);
        var json = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t-1","contextId":"c-1","status":{"state":"TASK_STATE_WORKING"}}}}""");
        var other = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"7","result":{"statusUpdate":{"taskId":"t-2","contextId":"c-1","status":{"state":"TASK_STATE_WORKING"}}}}""");

        var first = reader.TryRead(json)!;
        var second = reader.TryRead(json)!;
        var third = reader.TryRead(other)!;

        second.TaskId.Should().BeSameAs(first.TaskId);
        second.ContextId.Should().BeSameAs(first.ContextId);
        third.TaskId.Should().Be("t-2");
        third.ContextId.Should().BeSameAs(first.ContextId);
    }

    private static A2AStreamEvent General(string json, A2AProtocolVersion version) =>
        WireMapper.ReadEvent(
            JsonRpcCodec.ReadResult(Encoding.UTF8.GetBytes(json), Id, "SendStreamingMessage", status: null, retryAfter: null),
            version,
            "SendStreamingMessage");
}
