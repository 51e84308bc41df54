namespace Resilience.A2A;

/// <summary>Which tasks <see cref="A2AClient.ListTasksAsync"/> asks for, and one page of how many.</summary>
public sealed class A2AListTasksRequest
{
    /// <summary>Gets or sets the conversation whose tasks to list, or <see langword="null"/> for all.</summary>
    public string? ContextId { get; set; }

    /// <summary>Gets or sets the state the tasks must be in, or <see langword="null"/> for any.</summary>
    /// <value>Not <see cref="A2ATaskState.Unknown"/>.</value>
    public A2ATaskState? State { get; set; }

    /// <summary>Gets or sets how many tasks one page holds at most.</summary>
    /// <value>Between 1 and 100, or <see langword="null"/> to let the agent decide (the spec's default is 50).</value>
    public int? PageSize { get; set; }

    /// <summary>Gets or sets the token of the page to read (<see cref="A2ATaskPage.NextPageToken"/> of the previous page).</summary>
    public string? PageToken { get; set; }

    /// <summary>Gets or sets how many history messages each task should carry at most; <see langword="null"/> lets the agent decide.</summary>
    public int? HistoryLength { get; set; }

    /// <summary>Gets or sets a time the tasks' status must have changed after, or <see langword="null"/>.</summary>
    public DateTimeOffset? StatusTimestampAfter { get; set; }

    /// <summary>Gets or sets a value indicating whether the tasks should carry their artifacts.</summary>
    /// <value>The default is <see langword="false"/> (the spec's default).</value>
    public bool IncludeArtifacts { get; set; }
}
