namespace Resilience.A2A;

/// <summary>What a <see cref="A2AStreamEvent"/> carries.</summary>
public enum A2AStreamEventKind
{
    /// <summary>A whole task (the first event of a stream or of a resubscription).</summary>
    Task,

    /// <summary>A direct message; the stream ends after it.</summary>
    Message,

    /// <summary>A change of the task's status.</summary>
    StatusUpdate,

    /// <summary>A new or extended artifact.</summary>
    ArtifactUpdate,
}
