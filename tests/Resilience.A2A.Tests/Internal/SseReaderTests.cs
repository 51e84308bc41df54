using System.Text;
using Resilience.A2A.Internal;

namespace Resilience.A2A.Tests.Internal;

public sealed class SseReaderTests
{
    [Fact]
    public async Task ReadAsync_MixedLineEndingsCommentsAndMultiLineData_ParsesEvents()
    {
        using var reader = Reader(": comment\r\ndata: {\"a\":1}\r\n\r\nevent: error\ndata: line1\ndata:line2\n\n\n");

        var first = await reader.ReadAsync();
        var second = await reader.ReadAsync();
        var end = await reader.ReadAsync();

        Encoding.UTF8.GetString(first!.Value.Data).Should().Be("{\"a\":1}");
        first.Value.Type.Should().BeNull();
        second!.Value.Type.Should().Be("error");
        Encoding.UTF8.GetString(second.Value.Data).Should().Be("line1\nline2");
        end.Should().BeNull();
    }

    [Fact]
    public async Task ReadAsync_UnterminatedLastEvent_IsDropped()
    {
        using var reader = Reader("data: whole\n\ndata: cut off");

        (await reader.ReadAsync()).Should().NotBeNull();
        (await reader.ReadAsync()).Should().BeNull();
    }

    [Fact]
    public async Task ReadAsync_EventSplitAcrossManySmallReads_Reassembled()
    {
        var payload = "data: " + new string('x', 5000) + "\n\n";
        using var reader = new SseReader(new TrickleStream(Encoding.UTF8.GetBytes(payload), 7), 8192, Idle(), "m");

        var e = await reader.ReadAsync();

        e!.Value.Data.Length.Should().Be(5000);
    }

    [Theory]
    [InlineData("data: " + "0123456789012345678901234567890123456789" + "\n\n")]
    [InlineData("data: 01234567890123456789\ndata: 01234567890123456789\n\n")]
    [InlineData("data: 0123456789012345678901234567890123456789")]
    public async Task ReadAsync_EventOverLimit_ThrowsProtocolError(string text)
    {
        using var reader = Reader(text, maxEventBytes: 32);

        var thrown = (await FluentActions.Awaiting(() => reader.ReadAsync().AsTask()).Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain("MaxSseEventBytes (32 bytes)");
    }

    private static SseReader Reader(string text, int maxEventBytes = 1024) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxEventBytes, Idle(), "m");

    private static IdleWatch Idle() => new(TimeSpan.FromSeconds(1), new FakeTimeProvider(), CancellationToken.None);

    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
