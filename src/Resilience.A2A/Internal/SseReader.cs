using System.Buffers;
using System.Globalization;
using System.Text;

namespace Resilience.A2A.Internal;

/// <summary>
/// Parses a <c>text/event-stream</c> body with hard limits: no line and no event may exceed the configured size, and the
/// stream may not stay silent longer than the idle timeout (driven by the injected <see cref="TimeProvider"/>).
/// Not thread-safe: one reader per stream, one read at a time.
/// </summary>
internal sealed class SseReader : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly int _maxEventBytes;
    private readonly IdleWatch _idle;
    private readonly string _method;
    private readonly ArrayBufferWriter<byte> _data = new();
    private byte[] _buffer;
    private int _start;
    private int _end;
    private string? _eventType;
    private bool _hasData;

    public SseReader(Stream stream, int maxEventBytes, IdleWatch idle, string method)
    {
        _stream = stream;
        _maxEventBytes = maxEventBytes;
        _idle = idle;
        _method = method;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, maxEventBytes + 2));
    }

    /// <summary>Reads the next event.</summary>
    /// <returns>The event, or <see langword="null"/> when the stream ended (an unterminated last event is dropped, as the SSE spec says).</returns>
    public async ValueTask<SseEvent?> ReadAsync()
    {
        while (true)
        {
            var line = await ReadLineAsync().ConfigureAwait(false);
            if (line is not { } range)
            {
                return null;
            }

            var span = _buffer.AsSpan(range.Start, range.Length);
            if (span.IsEmpty)
            {
                if (_hasData)
                {
                    var e = new SseEvent(_eventType, _data.WrittenSpan.ToArray());
                    _data.ResetWrittenCount();
                    _hasData = false;
                    _eventType = null;
                    return e;
                }

                _eventType = null;
                continue;
            }

            if (span[0] == (byte)':')
            {
                continue;
            }

            var colon = span.IndexOf((byte)':');
            var name = colon < 0 ? span : span[..colon];
            var value = colon < 0 ? [] : span[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            if (name.SequenceEqual("data"u8))
            {
                var extra = (_hasData ? 1 : 0) + value.Length;
                if (_data.WrittenCount > _maxEventBytes - extra)
                {
                    throw TooLarge();
                }

                if (_hasData)
                {
                    _data.Write("\n"u8);
                }

                _data.Write(value);
                _hasData = true;
            }
            else if (name.SequenceEqual("event"u8))
            {
                _eventType = Encoding.UTF8.GetString(value);
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private async ValueTask<(int Start, int Length)?> ReadLineAsync()
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _start + scanned + newline;
                var start = _start;
                _start = lineEnd + 1;
                var length = lineEnd - start;
                if (length > 0 && _buffer[lineEnd - 1] == (byte)'\r')
                {
                    length--;
                }

                return (start, length);
            }

            scanned = _end - _start;
            if (scanned > _maxEventBytes)
            {
                throw TooLarge();
            }

            MakeRoom();
            if (await FillAsync().ConfigureAwait(false) == 0)
            {
                return null;
            }
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            var pending = _end - _start;
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxEventBytes + 2));
            if (larger.Length <= _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(larger);
                throw TooLarge();
            }

            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private async ValueTask<int> FillAsync()
    {
        _idle.Arm();
        try
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), _idle.Token).ConfigureAwait(false);
            _end += read;
            return read;
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
        }
    }

    private A2AException TooLarge() =>
        A2AErrors.Protocol(string.Create(CultureInfo.InvariantCulture, $"a stream event is larger than MaxSseEventBytes ({_maxEventBytes} bytes)"), _method);
}
