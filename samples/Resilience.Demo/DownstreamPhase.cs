namespace Resilience.Demo;

/// <summary>What the simulated downstream does; it cycles through these in order.</summary>
public enum DownstreamPhase
{
    /// <summary>Answers 200 at once.</summary>
    Healthy,

    /// <summary>Answers 503 to nine requests in ten.</summary>
    Failing,

    /// <summary>Answers 200 after 1.5 s, longer than the client's attempt timeout.</summary>
    Slow,

    /// <summary>Answers 503 to three requests in ten, 200 to the rest.</summary>
    Recovering,
}
