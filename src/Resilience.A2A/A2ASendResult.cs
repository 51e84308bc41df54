namespace Resilience.A2A;

/// <summary>The answer to a send: a task, or a direct message for agents that answer without one.</summary>
public sealed class A2ASendResult
{
    /// <summary>Gets the task, when the agent created or continued one.</summary>
    public A2ATask? Task { get; init; }

    /// <summary>Gets the message, when the agent answered directly.</summary>
    public A2AMessage? Message { get; init; }
}
