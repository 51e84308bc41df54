namespace Resilience.A2A;

/// <summary>One page of <see cref="A2AClient.ListTasksAsync"/>.</summary>
public sealed class A2ATaskPage
{
    /// <summary>Gets the tasks of this page.</summary>
    public IReadOnlyList<A2ATask> Tasks { get; init; } = [];

    /// <summary>Gets the token of the next page, or <see langword="null"/> on the last page.</summary>
    public string? NextPageToken { get; init; }

    /// <summary>Gets the page size the agent used, if it said.</summary>
    public int? PageSize { get; init; }

    /// <summary>Gets how many tasks match in all, if the agent said.</summary>
    public int? TotalSize { get; init; }
}
