namespace Resilience.A2A.Internal;

/// <summary>Protocol constants and option defaults.</summary>
internal static class A2AConstants
{
    public const string VersionHeader = "A2A-Version";
    public const string Version10 = "1.0";
    public const string Version03 = "0.3";
    public const string JsonMediaType = "application/json";
    public const string EventStreamMediaType = "text/event-stream";
    public const string JsonRpcBinding = "JSONRPC";
    public const string AgentCardPath = ".well-known/agent-card.json";
    public const string LegacyAgentCardPath = ".well-known/agent.json";

    public const string HttpClientNamePrefix = "Resilience.A2A.";
    public const string NamePrefix = "a2a:";
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    public const int DefaultMaxResponseBytes = 4 * 1024 * 1024;
    public const int DefaultMaxSseEventBytes = 1024 * 1024;
    public const int DefaultMaxResubscribeAttempts = 3;
    public const int DefaultMaxStreamEvents = 10_000;

    /// <summary>The bounds of <see cref="A2AClientOptions"/>: message sizes 1 KiB to 1 GiB, stream events, resubscriptions, stream timeouts.</summary>
    public const int MinMessageBytes = 1024;
    public const int MaxMessageBytes = 1024 * 1024 * 1024;
    public const int MaxStreamEventsLimit = 10_000_000;
    public const int MaxResubscribeAttemptsLimit = 100;
    public static readonly TimeSpan MinStreamTimeout = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan MaxStreamTimeout = TimeSpan.FromDays(1);

    /// <summary>The longest <c>Retry-After</c> an <see cref="A2AException"/> reports; the retry stage bounds it further by its MaxRetryAfter.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);
    public const string ExtensionsHeader = "A2A-Extensions";
    public const string LegacyExtensionsHeader = "X-A2A-Extensions";
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultStreamTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The operation types the timeout stage knows (the default entries of <see cref="Resilience.Timeout.TimeoutOptions.Timeouts"/>).</summary>
    public const string HealthCheckOperation = "health_check";
    public const string StandardRequestOperation = "standard_request";
    public const string LongOperation = "long_operation";

    public static string SendMessage(A2AProtocolVersion v) => v == A2AProtocolVersion.V1 ? "SendMessage" : "message/send";

    public static string SendStreamingMessage(A2AProtocolVersion v) => v == A2AProtocolVersion.V1 ? "SendStreamingMessage" : "message/stream";

    public static string GetTask(A2AProtocolVersion v) => v == A2AProtocolVersion.V1 ? "GetTask" : "tasks/get";

    public static string CancelTask(A2AProtocolVersion v) => v == A2AProtocolVersion.V1 ? "CancelTask" : "tasks/cancel";

    public const string ListTasks = "ListTasks";

    public static string GetExtendedAgentCard(A2AProtocolVersion v) => v == A2AProtocolVersion.V1 ? "GetExtendedAgentCard" : "agent/getAuthenticatedExtendedCard";

    public static string SubscribeToTask(A2AProtocolVersion v) => v == A2AProtocolVersion.V1 ? "SubscribeToTask" : "tasks/resubscribe";
}
