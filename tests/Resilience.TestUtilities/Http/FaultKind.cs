namespace Resilience.TestUtilities.Http;

/// <summary>The kinds of <see cref="FaultServer"/> behaviour.</summary>
public enum FaultKind
{
    /// <summary>Answers with a status code.</summary>
    Respond,

    /// <summary>Closes the connection without a response.</summary>
    Abort,

    /// <summary>Holds the request until released.</summary>
    Hold,
}
