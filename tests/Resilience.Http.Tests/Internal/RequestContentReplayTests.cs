using System.Net.Http.Json;
using System.Text;
using Resilience.Http.Internal;

namespace Resilience.Http.Tests.Internal;

public class RequestContentReplayTests
{
    private const long Max = 1024;

    [Fact]
    public async Task TryMakeReplayableAsync_InMemoryAndJsonContent_AreReplayableAsIs()
    {
        using var bytes = new ByteArrayContent([1, 2, 3]);
        using var text = new StringContent("x");
        using var memory = new ReadOnlyMemoryContent(new byte[] { 1 });
        using var json = JsonContent.Create(new { Name = "n" });

        foreach (HttpContent content in new HttpContent[] { bytes, text, memory, json })
        {
            (await RequestContentReplay.TryMakeReplayableAsync(content, Max, synchronous: false, CancellationToken.None)).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TryMakeReplayableAsync_StreamOfKnownLength_IsBufferedOnceAndReadsTheSameTwice(bool synchronous)
    {
        var stream = new ReadOnceStream(Encoding.UTF8.GetBytes("hello"));
        using var content = new StreamContent(stream);
        content.Headers.ContentLength = 5;

        (await RequestContentReplay.TryMakeReplayableAsync(content, Max, synchronous, CancellationToken.None)).Should().BeTrue();

        (await content.ReadAsStringAsync()).Should().Be("hello");
        (await content.ReadAsStringAsync()).Should().Be("hello");
        stream.Reads.Should().Be(1, "the stream is read once into the buffer");
    }

    [Fact]
    public async Task TryMakeReplayableAsync_StreamOfUnknownLength_IsNotReplayableAndNotRead()
    {
        var stream = new ReadOnceStream(Encoding.UTF8.GetBytes("hello"));
        using var content = new StreamContent(stream);

        (await RequestContentReplay.TryMakeReplayableAsync(content, Max, synchronous: false, CancellationToken.None)).Should().BeFalse();

        stream.Reads.Should().Be(0);
    }

    [Fact]
    public async Task TryMakeReplayableAsync_LongerThanTheLimit_IsNotReplayableAndNotRead()
    {
        var stream = new ReadOnceStream(new byte[Max + 1]);
        using var content = new StreamContent(stream);
        content.Headers.ContentLength = Max + 1;

        (await RequestContentReplay.TryMakeReplayableAsync(content, Max, synchronous: false, CancellationToken.None)).Should().BeFalse();

        stream.Reads.Should().Be(0);
    }

    [Fact]
    public async Task TryMakeReplayableAsync_Multipart_IsReplayableOnlyWhenEveryPartIs()
    {
        using var good = new MultipartFormDataContent { { new StringContent("a"), "a" }, { new ByteArrayContent([1]), "b" } };
        using var bad = new MultipartFormDataContent { { new StringContent("a"), "a" }, { new StreamContent(new ReadOnceStream([1])), "b" } };

        (await RequestContentReplay.TryMakeReplayableAsync(good, Max, synchronous: false, CancellationToken.None)).Should().BeTrue();
        (await RequestContentReplay.TryMakeReplayableAsync(bad, Max, synchronous: false, CancellationToken.None)).Should().BeFalse();
    }

    /// <summary>A non-seekable stream that can be read once, as a network stream.</summary>
    private sealed class ReadOnceStream(byte[] data) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == 0)
            {
                Reads++;
            }

            var n = Math.Min(count, data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
