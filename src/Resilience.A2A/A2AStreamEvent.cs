namespace Resilience.A2A;

/// <summary>One event of a streaming send or a task subscription.</summary>
public sealed class A2AStreamEvent
{
    /// <summary>Gets what the event carries.</summary>
    public A2AStreamEventKind Kind { get; init; }

    /// <summary>Gets the id of the task the event is about, if any.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the task of a <see cref="A2AStreamEventKind.Task"/> event.</summary>
    public A2ATask? Task { get; init; }

    /// <summary>Gets the message of a <see cref="A2AStreamEventKind.Message"/> event.</summary>
    public A2AMessage? Message { get; init; }

    /// <summary>Gets the new status of a <see cref="A2AStreamEventKind.StatusUpdate"/> event, or the task's status of a task event.</summary>
    public A2ATaskStatus? Status { get; init; }

    /// <summary>Gets the artifact of a <see cref="A2AStreamEventKind.ArtifactUpdate"/> event.</summary>
    public A2AArtifact? Artifact { get; init; }

    /// <summary>Gets a value indicating whether the stream ends with this event: a message, or a terminal or interrupted state.</summary>
    public bool IsFinal => Kind == A2AStreamEventKind.Message || (Status is not null && (Status.IsTerminal || Status.IsInterrupted));
}
