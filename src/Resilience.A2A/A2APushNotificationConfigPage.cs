namespace Resilience.A2A;

/// <summary>One page of <see cref="A2AClient.ListTaskPushNotificationConfigsAsync"/>.</summary>
public sealed class A2APushNotificationConfigPage
{
    /// <summary>Gets the configurations of this page.</summary>
    public IReadOnlyList<A2APushNotificationConfig> Configs { get; init; } = [];

    /// <summary>Gets the token of the next page, or <see langword="null"/> on the last page (always in v0.3, which has no pages).</summary>
    public string? NextPageToken { get; init; }
}
