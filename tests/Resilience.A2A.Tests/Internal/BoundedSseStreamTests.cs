using System.Net.ServerSentEvents;
using System.Text;
using Resilience.A2A.Internal;

namespace Resilience.A2A.Tests.Internal;

public sealed class BoundedSseStreamTests
{
    [Fact]
    public async Task Parse_MixedLineEndingsCommentsAndMultiLineData_ParsesEvents()
    {
        var items = await Parse(": comment\r\ndata: {\"a\":1}\r\n\r\nevent: error\ndata: line1\ndata:line2\n\n\n");

        items.Should().HaveCount(2);
        items[0].Data.Should().Be("{\"a\":1}");
        items[0].EventType.Should().Be(SseParser.EventTypeDefault);
        items[1].EventType.Should().Be("error");
        items[1].Data.Should().Be("line1\nline2");
    }

    [Fact]
    public async Task Parse_UnterminatedLastEvent_IsDropped()
    {
        var items = await Parse("data: whole\n\ndata: cut off");

        items.Select(i => i.Data).Should().Equal("whole");
    }

    [Fact]
    public async Task Parse_EventSplitAcrossManySmallReads_Reassembled()
    {
        var payload = "data: " + new string('x', 5000) + "\n\n";

        var items = await Parse(payload, maxEventBytes: 8192, chunk: 7);

        items.Single().Data.Length.Should().Be(5000);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Parse_ManyEventsEachUnderLimit_LimitAppliesPerEvent(string newline)
    {
        // 200 events of 26 bytes each: far more than the limit together, each one under it, in every line-end style.
        var one = "data: 01234567890123456789" + newline + newline;
        var text = string.Concat(Enumerable.Repeat(one, 200));

        var items = await Parse(text, maxEventBytes: 32, chunk: 5);

        items.Should().HaveCount(200);
    }

    [Theory]
    [InlineData("data: " + "0123456789012345678901234567890123456789" + "\n\n")]
    [InlineData("data: 01234567890123456789\ndata: 01234567890123456789\n\n")]
    [InlineData("data: 01234567890123456789\r\ndata: 01234567890123456789\r\n\r\n")]
    [InlineData("data: 0123456789012345678901234567890123456789")]
    public async Task Parse_EventOverLimit_ThrowsProtocolError(string text)
    {
        var thrown = (await FluentActions.Awaiting(() => Parse(text, maxEventBytes: 32)).Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain("MaxSseEventBytes (32 bytes)");
    }

    [Fact]
    public async Task Parse_LineGrowingForever_ThrowsOnceOverLimitWithoutReadingTheRest()
    {
        var endless = new EndlessStream((byte)'x');
        using var idle = Idle();
        using var bounded = new BoundedSseStream(endless, 64 * 1024, idle, "m");

        var thrown = (await FluentActions.Awaiting(async () =>
        {
            await foreach (var unused in SseParser.Create(bounded).EnumerateAsync(TestContext.Current.CancellationToken))
            {
            }
        }).Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        endless.Served.Should().BeLessThan(256 * 1024, "the bound stops reading soon after the limit");
    }

    private static async Task<List<SseItem<string>>> Parse(string text, int maxEventBytes = 1024, int chunk = int.MaxValue)
    {
        using var idle = Idle();
        using var bounded = new BoundedSseStream(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), maxEventBytes, idle, "m");
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(bounded).EnumerateAsync(TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    private static IdleWatch Idle() => new(TimeSpan.FromSeconds(1), new FakeTimeProvider(), CancellationToken.None);

    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    private sealed class EndlessStream(byte fill) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            buffer.Span.Fill(fill);
            Served += buffer.Length;
            return ValueTask.FromResult(buffer.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
