using System.Net.Http.Json;

namespace Resilience.Http.Internal;

/// <summary>Makes a request body sendable more than once, or says it cannot be.</summary>
/// <remarks>
/// <para>Content kept in memory (<see cref="ByteArrayContent"/> and so <see cref="StringContent"/> and
/// <see cref="FormUrlEncodedContent"/>, <see cref="ReadOnlyMemoryContent"/>) and <see cref="JsonContent"/> (which
/// serializes its value on each send) replay as they are. Other content with a known length up to the limit is
/// buffered once in memory (<see cref="HttpContent.LoadIntoBufferAsync(long, CancellationToken)"/>), after which the
/// handler sends the buffer. Content of unknown length (a non-seekable <see cref="StreamContent"/>) or above the limit
/// is not touched: the request is sent once and never retried.</para>
/// </remarks>
internal static class RequestContentReplay
{
    public static ValueTask<bool> TryMakeReplayableAsync(HttpContent content, long maxLength, bool synchronous, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case ByteArrayContent or ReadOnlyMemoryContent or JsonContent:
                return new(true);
            case MultipartContent multipart:
                return TryMakePartsReplayableAsync(multipart, maxLength, synchronous, cancellationToken);
            default:
                var length = content.Headers.ContentLength;
                if (length is not { } known || known > maxLength)
                {
                    return new(false);
                }

                if (synchronous)
                {
                    // HttpContent has no synchronous buffering; a synchronous caller accepts blocking here.
                    content.LoadIntoBufferAsync(maxLength, cancellationToken).GetAwaiter().GetResult();
                    return new(true);
                }

                return BufferAsync(content, maxLength, cancellationToken);
        }
    }

    private static async ValueTask<bool> BufferAsync(HttpContent content, long maxLength, CancellationToken cancellationToken)
    {
        await content.LoadIntoBufferAsync(maxLength, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async ValueTask<bool> TryMakePartsReplayableAsync(
        MultipartContent multipart,
        long maxLength,
        bool synchronous,
        CancellationToken cancellationToken)
    {
        foreach (var part in multipart)
        {
            if (!await TryMakeReplayableAsync(part, maxLength, synchronous, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
