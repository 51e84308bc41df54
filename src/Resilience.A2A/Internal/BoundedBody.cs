using System.Buffers;
using System.Globalization;

namespace Resilience.A2A.Internal;

/// <summary>Reads a response body into memory without ever holding more than a fixed number of bytes.</summary>
internal static class BoundedBody
{
    /// <summary>Reads the body, failing with a protocol error once it exceeds <paramref name="maxBytes"/>.</summary>
    /// <returns>The body.</returns>
    public static async ValueTask<byte[]> ReadAsync(HttpContent content, int maxBytes, string method, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            throw TooLarge(maxBytes, method);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var initial = (int)Math.Min(content.Headers.ContentLength ?? 16 * 1024, maxBytes) + 1;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return buffer.AsSpan(0, length).ToArray();
                    }

                    length += read;
                    if (length > maxBytes)
                    {
                        throw TooLarge(maxBytes, method);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static A2AException TooLarge(int maxBytes, string method) =>
        A2AErrors.Protocol(string.Create(CultureInfo.InvariantCulture, $"the response is larger than MaxResponseBytes ({maxBytes} bytes)"), method);
}
