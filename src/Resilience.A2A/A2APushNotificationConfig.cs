using System.Globalization;
using Resilience.A2A.Internal;

namespace Resilience.A2A;

/// <summary>
/// Where and how an agent posts a task's updates (a webhook): <see cref="A2AClient.CreateTaskPushNotificationConfigAsync"/>,
/// or <see cref="A2ASendOptions.PushNotificationConfig"/> for the task a send creates.
/// </summary>
/// <remarks><see cref="ToString"/> hides <see cref="Token"/>, the credentials and the URL's query, so the object can be
/// logged; the client never logs or puts them in exception messages.</remarks>
public sealed class A2APushNotificationConfig
{
    /// <summary>Gets the configuration's id.</summary>
    /// <value><see langword="null"/> to let the agent assign one (the agent's answer carries it). An agent replaces a
    /// task's configuration of the same id.</value>
    public string? Id { get; init; }

    /// <summary>Gets the task the configuration belongs to, as the agent answered; leave it <see langword="null"/> when writing
    /// (the task id is an argument of <see cref="A2AClient.CreateTaskPushNotificationConfigAsync"/>, and a send has no task yet).</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the webhook the agent posts the task's updates to.</summary>
    /// <value>An absolute <c>http</c> or <c>https</c> URI.</value>
    public required Uri Url { get; init; }

    /// <summary>Gets a token unique to the task or session, which the agent sends with each notification so the webhook can
    /// tell its notifications from forged ones.</summary>
    /// <value><see langword="null"/> for none; not empty.</value>
    public string? Token { get; init; }

    /// <summary>Gets how the agent authenticates to the webhook, or <see langword="null"/>.</summary>
    public A2APushNotificationAuthentication? Authentication { get; init; }

    /// <summary>Describes the configuration without its secrets: the token and credentials are shown as <c>***</c>, the URL without its query and fragment.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"A2APushNotificationConfig {{ Id = {Id}, TaskId = {TaskId}, Url = {SafeUrl(Url)}, Token = {(Token is null ? null : "***")}, Authentication = {Authentication} }}");

    private static string? SafeUrl(Uri? url) => url switch
    {
        null => null,
        { IsAbsoluteUri: true } when url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps => PushNotificationWire.SafeText(url),
        { IsAbsoluteUri: true } => url.Scheme + ":(hidden)",
        _ => "(relative)",
    };
}
