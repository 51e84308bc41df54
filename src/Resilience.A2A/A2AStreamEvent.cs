using System.Text.Json;
using Resilience.A2A.Internal;

namespace Resilience.A2A;

/// <summary>One event of a streaming send or a task subscription.</summary>
public sealed class A2AStreamEvent
{
    /// <summary>Gets what the event carries.</summary>
    public A2AStreamEventKind Kind { get; init; }

    /// <summary>Gets the id of the task the event is about, if any.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the conversation the event belongs to, if the agent said.</summary>
    public string? ContextId { get; init; }

    /// <summary>Gets the task of a <see cref="A2AStreamEventKind.Task"/> event.</summary>
    public A2ATask? Task { get; init; }

    /// <summary>Gets the message of a <see cref="A2AStreamEventKind.Message"/> event.</summary>
    public A2AMessage? Message { get; init; }

    /// <summary>Gets the new status of a <see cref="A2AStreamEventKind.StatusUpdate"/> event, or the task's status of a task event.</summary>
    public A2ATaskStatus? Status { get; init; }

    /// <summary>Gets the artifact of a <see cref="A2AStreamEventKind.ArtifactUpdate"/> event.</summary>
    public A2AArtifact? Artifact { get; init; }

    /// <summary>Gets a value indicating whether the parts of an <see cref="A2AStreamEventKind.ArtifactUpdate"/> extend the
    /// artifact with the same id received before (a chunk), rather than replace it.</summary>
    public bool Append { get; init; }

    /// <summary>Gets a value indicating whether an <see cref="A2AStreamEventKind.ArtifactUpdate"/> is the artifact's last chunk.</summary>
    public bool LastChunk { get; init; }

    /// <summary>Gets the metadata of a status or artifact update event (of the task or message for those events).</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = A2AJson.EmptyMetadata;

    /// <summary>Gets a value indicating whether the stream ends with this event: a message, or a terminal or interrupted state.</summary>
    public bool IsFinal => Kind == A2AStreamEventKind.Message || (Status is not null && (Status.IsTerminal || Status.IsInterrupted));
}
