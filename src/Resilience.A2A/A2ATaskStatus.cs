namespace Resilience.A2A;

/// <summary>The status of a task.</summary>
public sealed class A2ATaskStatus
{
    /// <summary>Gets the state.</summary>
    public A2ATaskState State { get; init; }

    /// <summary>Gets the message the agent attached to the status, if any.</summary>
    public A2AMessage? Message { get; init; }

    /// <summary>Gets when the status was recorded, if the agent said.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Gets a value indicating whether the state is terminal (completed, canceled, failed, rejected).</summary>
    public bool IsTerminal => State is A2ATaskState.Completed or A2ATaskState.Canceled or A2ATaskState.Failed or A2ATaskState.Rejected;

    /// <summary>Gets a value indicating whether the task waits for the client (input or authentication required).</summary>
    public bool IsInterrupted => State is A2ATaskState.InputRequired or A2ATaskState.AuthRequired;
}
