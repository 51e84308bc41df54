using System.Globalization;
using System.Runtime.CompilerServices;

namespace Resilience.A2A.Internal;

/// <summary>
/// The body of a <c>text/event-stream</c> answer as the SSE parser reads it, with the client's bounds: no event (and so
/// no line) may exceed <c>MaxSseEventBytes</c>, and no read may wait longer than the idle timeout. Failures surface as
/// <see cref="A2AException"/> (protocol, timeout or transport). It scans the bytes as they pass, so it holds nothing
/// itself. Read-only; one read at a time.
/// </summary>
internal sealed class BoundedSseStream : Stream
{
    private readonly Stream _inner;
    private readonly int _maxEventBytes;
    private readonly IdleWatch _idle;
    private readonly string _method;
    private int _eventBytes;
    private int _lineBytes;
    private bool _afterCarriageReturn;

    public BoundedSseStream(Stream inner, int maxEventBytes, IdleWatch idle, string method)
    {
        _inner = inner;
        _maxEventBytes = maxEventBytes;
        _idle = idle;
        _method = method;
    }

    /// <summary>
    /// Gets or sets a token that also bounds reads while the stream is being opened (the pipeline attempt's token, while
    /// the first event is read inside the attempt); <see langword="default"/> afterwards.
    /// </summary>
    public CancellationToken OpeningToken { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The parser passes the caller's token, which the idle watch already observes.
        int read;
        var opening = OpeningToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, OpeningToken) : null;
        _idle.Arm();
        try
        {
            read = await _inner.ReadAsync(buffer, opening?.Token ?? _idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (_idle.Fired)
        {
            throw _idle.CreateTimeout(_method, ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw A2AErrors.Transport(ex, _method);
        }
        finally
        {
            _idle.Disarm();
            opening?.Dispose();
        }

        Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The stream is read asynchronously only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Counts the bytes of the current event (lines since the last blank line, with their line ends); CR, LF and CRLF end a line.</summary>
    private void Count(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (bytes[0] == (byte)'\n')
                {
                    // The LF of a CRLF: part of the line end already counted.
                    bytes = bytes[1..];
                    continue;
                }
            }

            var end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                _lineBytes += bytes.Length;
                Check(_lineBytes);
                return;
            }

            _lineBytes += end;
            if (_lineBytes == 0)
            {
                // A blank line dispatches the event.
                _eventBytes = 0;
            }
            else
            {
                _eventBytes += _lineBytes + 1;
                _lineBytes = 0;
                Check(0);
            }

            _afterCarriageReturn = bytes[end] == (byte)'\r';
            bytes = bytes[(end + 1)..];
        }
    }

    private void Check(int pendingLine)
    {
        if ((long)_eventBytes + pendingLine > _maxEventBytes)
        {
            throw A2AErrors.Protocol(
                string.Create(CultureInfo.InvariantCulture, $"a stream event is larger than MaxSseEventBytes ({_maxEventBytes} bytes)"), _method);
        }
    }
}
