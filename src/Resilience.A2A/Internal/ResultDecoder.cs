using System.Net;

namespace Resilience.A2A.Internal;

/// <summary>Decodes and checks the body of a successful JSON-RPC answer into the result type of a method.</summary>
/// <returns>The result.</returns>
internal delegate T ResultDecoder<out T>(ReadOnlySpan<byte> body, string expectedId, string method, HttpStatusCode status, TimeSpan? retryAfter);
