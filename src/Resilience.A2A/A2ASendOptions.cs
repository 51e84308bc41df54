namespace Resilience.A2A;

/// <summary>Per-call settings of a send: how the agent should answer, and whether the send may be retried.</summary>
public sealed class A2ASendOptions : A2ACallOptions
{
    /// <summary>Gets or sets a value indicating whether the agent should answer at once instead of waiting for the task to finish or pause.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool ReturnImmediately { get; set; }

    /// <summary>Gets or sets how many history messages the returned task should carry at most.</summary>
    /// <value>The default is <see langword="null"/>: the agent decides. Must not be negative.</value>
    public int? HistoryLength { get; set; }

    /// <summary>Gets the media types the client accepts in the agent's output (for example <c>text/plain</c>); empty lets the agent decide.</summary>
    public IList<string> AcceptedOutputModes { get; } = [];

    /// <summary>Gets or sets the webhook the agent posts the new task's updates to (<c>taskPushNotificationConfig</c> in v1.0,
    /// <c>pushNotificationConfig</c> in v0.3), or <see langword="null"/> for none.</summary>
    /// <value>Checked like <see cref="A2AClient.CreateTaskPushNotificationConfigAsync"/>'s configuration; its
    /// <see cref="A2APushNotificationConfig.TaskId"/> must be <see langword="null"/> (the task does not exist yet).</value>
    public A2APushNotificationConfig? PushNotificationConfig { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the caller declares the send safe to repeat (for example because the agent
    /// de-duplicates by message id), so the resilience pipeline may retry it after any transient failure.
    /// </summary>
    /// <value>The default is <see langword="false"/>: a send is retried only when it surely never reached the agent.</value>
    public bool AllowRetry { get; set; }
}
