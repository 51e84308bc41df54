namespace Resilience.A2A.Internal;

/// <summary>One server-sent event: its type (<c>message</c> unless named) and its data.</summary>
internal readonly record struct SseEvent(string? Type, byte[] Data);
