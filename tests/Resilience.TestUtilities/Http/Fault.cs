namespace Resilience.TestUtilities.Http;

/// <summary>What the <see cref="FaultServer"/> does with one request.</summary>
public sealed record Fault(FaultKind Kind, int StatusCode = 200, string? RetryAfter = null)
{
    /// <summary>Answers 200.</summary>
    public static Fault Ok { get; } = new(FaultKind.Respond);

    /// <summary>Answers <paramref name="statusCode"/>, with a <c>Retry-After</c> header when one is given.</summary>
    public static Fault Status(int statusCode, string? retryAfter = null) => new(FaultKind.Respond, statusCode, retryAfter);

    /// <summary>Closes the connection without a response.</summary>
    public static Fault Abort { get; } = new(FaultKind.Abort);

    /// <summary>Holds the request until <see cref="FaultServer.ReleaseHeld"/> (then 200) or until the client gives up.</summary>
    public static Fault Hold { get; } = new(FaultKind.Hold);
}

