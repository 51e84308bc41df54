namespace Resilience.A2A;

/// <summary>The kind of A2A call running through the resilience pipeline; retry rules depend on it.</summary>
public enum A2AOperationKind
{
    /// <summary>Fetching the agent card (idempotent).</summary>
    AgentCard,

    /// <summary>Reading a task (idempotent).</summary>
    GetTask,

    /// <summary>Canceling a task (idempotent: canceling a canceled task returns it).</summary>
    CancelTask,

    /// <summary>Sending a message; not idempotent unless the agent de-duplicates by message id.</summary>
    SendMessage,

    /// <summary>Opening a streaming send; not idempotent, like <see cref="SendMessage"/>.</summary>
    SendStreamingMessage,

    /// <summary>Subscribing (again) to a task's events (idempotent).</summary>
    SubscribeToTask,

    /// <summary>Listing tasks (idempotent; v1.0 only).</summary>
    ListTasks,

    /// <summary>Fetching the authenticated extended agent card (idempotent).</summary>
    GetExtendedAgentCard,

    /// <summary>Creating (v0.3: setting) a task's push-notification configuration; not idempotent (without an id the agent
    /// assigns a new one each time), so retried only when the request surely never reached the agent.</summary>
    CreateTaskPushNotificationConfig,

    /// <summary>Reading a task's push-notification configuration (idempotent).</summary>
    GetTaskPushNotificationConfig,

    /// <summary>Listing a task's push-notification configurations (idempotent).</summary>
    ListTaskPushNotificationConfigs,

    /// <summary>Deleting a task's push-notification configuration (idempotent: the spec requires it).</summary>
    DeleteTaskPushNotificationConfig,

    /// <summary>A health probe (the agent card through the breaker, <c>health_check</c> timeout); never retried.</summary>
    HealthCheck,
}
