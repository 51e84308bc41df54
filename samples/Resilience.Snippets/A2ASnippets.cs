using Microsoft.Extensions.DependencyInjection;
using Resilience;
using Resilience.A2A;
using Resilience.Timeout;

namespace Snippets;

/// <summary>The examples of docs/a2a.md; tests/Resilience.A2A.Tests runs each against the SDK peer.</summary>
public static class A2ASnippets
{
    public static async Task<(A2AAgentCard Card, A2ATask Task, int StreamEvents)> SetupAsync(
        HttpClient httpClient, Uri plannerUrl, string secret, ResiliencePipeline pipeline, TimeProvider timeProvider)
    {
        #region a2a-setup
        var client = new A2AClient(
            httpClient,                                   // from IHttpClientFactory; the client never disposes it
            new A2AClientOptions
            {
                BaseAddress = plannerUrl,                 // the agent's base URL, e.g. https://planner.internal/
                Credentials = { ["apiKey"] = secret },    // keyed by the card's securitySchemes name
            },
            pipeline,                                     // optional ResiliencePipeline (breaker, retry, timeout)
            timeProvider);                                // optional, for tests

        var card = await client.GetAgentCardAsync();     // cached; RefreshAgentCardAsync fetches again
        var sent = await client.SendMessageAsync(A2AMessage.FromText("plan a trip to Lisbon"));
        var task = await client.GetTaskAsync(sent.Task!.Id);
        var events = 0;
        await foreach (var e in client.SendStreamingMessageAsync(A2AMessage.FromText("stream it")))
        {
            // Task, StatusUpdate, ArtifactUpdate or Message events; ends at a final event
            events++;
        }
        #endregion
        return (card, task, events);
    }

    public static async Task<(List<A2ATask> Completed, A2AAgentCard Extended)> ListTasksAsync(A2AClient client, string conversation)
    {
        #region a2a-list-tasks
        var request = new A2AListTasksRequest { ContextId = conversation, State = A2ATaskState.Completed, PageSize = 20 };
        var completed = new List<A2ATask>();
        do
        {
            var page = await client.ListTasksAsync(request);
            completed.AddRange(page.Tasks);
            request.PageToken = page.NextPageToken;       // the same filter, the next page
        }
        while (request.PageToken is not null);

        var extended = await client.GetExtendedAgentCardAsync();   // with the endpoint's credentials
        #endregion
        return (completed, extended);
    }

    public static async Task<A2ASendResult> CallOptionsAsync(A2AClient client, string tag)
    {
        #region a2a-call-options
        var options = new A2ASendOptions { Extensions = { "https://example.com/ext/trace/v1" }, Headers = { ["X-Request-Tag"] = tag } };
        var reply = await client.SendMessageAsync(A2AMessage.FromText("hi"), options);
        #endregion
        return reply;
    }

    public static async Task<A2APushNotificationConfigPage> PushNotificationsAsync(
        A2AClient client, Uri webhookUrl, string webhookToken, Uri auditUrl, string auditToken)
    {
        #region a2a-push-notifications
        // The agent posts the task's updates to the webhook, with the token, so the webhook can tell them from forged posts.
        var webhook = new A2APushNotificationConfig { Url = webhookUrl, Token = webhookToken };
        var started = await client.SendMessageAsync(
            A2AMessage.FromText("build the quarterly report"),
            new A2ASendOptions { ReturnImmediately = true, PushNotificationConfig = webhook });
        var taskId = started.Task!.Id;

        // A second webhook for the same task, which the agent calls with "Authorization: Bearer <auditToken>".
        var audit = await client.CreateTaskPushNotificationConfigAsync(taskId, new A2APushNotificationConfig
        {
            Url = auditUrl,
            Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = auditToken },
        });

        var configs = await client.ListTaskPushNotificationConfigsAsync(taskId);   // both, with the ids the agent gave them
        await client.DeleteTaskPushNotificationConfigAsync(taskId, audit.Id!);    // no more posts to the audit webhook
        #endregion
        return configs;
    }

    public static async Task<A2AAgentHealth> DependencyInjectionAsync(IServiceCollection services, Uri plannerUrl, string secret)
    {
        #region a2a-dependency-injection
        services.AddSingleton(TimeProvider.System);                       // optional; AddResilience adds it
        services.AddResilience().AddCircuitBreaker("planner", o =>       // the agent's breaker, by the agent's name
        {
            o.FailureThreshold = 3;
            o.BreakDuration = TimeSpan.FromSeconds(30);
        });
        services.AddA2AAgent("planner", plannerUrl, o =>
        {
            o.Credentials["apiKey"] = secret;
            o.Retry.MaxAttempts = 3;                                      // RetryOptions
            o.Timeout.Timeouts[OperationTypes.StandardRequest] = TimeSpan.FromSeconds(20);
        });
        services.AddHealthChecks().AddA2AAgent("planner");                // IHealthCheck "a2a:planner"

        await using var provider = services.BuildServiceProvider();
        var planner = provider.GetRequiredKeyedService<A2AClient>("planner");
        var health = await provider.GetRequiredService<A2AAgentHealthChecker>().CheckAsync("planner");
        #endregion
        await planner.GetAgentCardAsync();
        return health;
    }
}
