namespace Resilience.A2A;

/// <summary>The lifecycle state of a task.</summary>
public enum A2ATaskState
{
    /// <summary>The state was missing or not one the client knows.</summary>
    Unknown,

    /// <summary>The agent acknowledged the task.</summary>
    Submitted,

    /// <summary>The agent is working on the task.</summary>
    Working,

    /// <summary>The agent needs more input (interrupted).</summary>
    InputRequired,

    /// <summary>The agent needs authentication (interrupted).</summary>
    AuthRequired,

    /// <summary>The task finished successfully (terminal).</summary>
    Completed,

    /// <summary>The task was canceled (terminal).</summary>
    Canceled,

    /// <summary>The task failed (terminal).</summary>
    Failed,

    /// <summary>The agent refused the task (terminal).</summary>
    Rejected,
}
