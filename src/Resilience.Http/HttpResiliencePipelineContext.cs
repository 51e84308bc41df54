namespace Resilience.Http;

/// <summary>What a pipeline being built for a named client knows about where it will be used.</summary>
public sealed class HttpResiliencePipelineContext
{
    internal HttpResiliencePipelineContext(string clientName, string? authority, IServiceProvider services, string? breakerName = null)
    {
        ClientName = clientName;
        Authority = authority;
        BreakerName = breakerName ?? (authority is null ? clientName : clientName + "/" + authority);
        Services = services;
    }

    /// <summary>Gets the name of the <see cref="HttpClient"/>.</summary>
    public string ClientName { get; }

    /// <summary>Gets the authority (<c>scheme://host:port</c>) this pipeline serves, or <see langword="null"/> when it serves the whole client.</summary>
    public string? Authority { get; }

    /// <summary>
    /// Gets the name to give the circuit breaker of this pipeline: the client name, or <c>{client}/{authority}</c>; past
    /// the client's <see cref="ResilientHttpClientOptions.MaxAuthorities"/> distinct authorities, <c>{client}/_other</c>
    /// (so metric tags stay bounded; <see cref="Authority"/> still names the real one).
    /// </summary>
    public string BreakerName { get; }

    /// <summary>Gets the application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Gets or sets the breaker the adapter itself created for this pipeline (the standard preset's per-authority breaker).</summary>
    internal CircuitBreaking.CircuitBreaker? OwnedBreaker { get; set; }

    /// <summary>The breaker a preset creates for this pipeline; a rebuild after a reload keeps it (state and counts) and
    /// gives it the reloaded options.</summary>
    internal CircuitBreaking.CircuitBreaker GetOrCreateOwnedBreaker(CircuitBreaking.CircuitBreakerOptions options, TimeProvider timeProvider)
    {
        if (OwnedBreaker is { } kept)
        {
            kept.UpdateOptions(options);
            return kept;
        }

        return OwnedBreaker = new CircuitBreaking.CircuitBreaker(BreakerName, options, timeProvider);
    }

    /// <summary>Gets or sets the timeout managers the pipelines of the client's authorities share, or <see langword="null"/>
    /// (a client-scope pipeline: its timeout stages own their managers).</summary>
    internal Internal.HttpTimeoutManagers? SharedTimeouts { get; init; }

    /// <summary>Adds the preset's total timeout: on the client's shared manager for a per-authority pipeline.</summary>
    internal void AddTotalTimeout(ResiliencePipelineBuilder builder, TimeSpan timeout)
    {
        if (SharedTimeouts is { } shared)
        {
            builder.AddTimeout(shared.ForTotal(timeout, builder.TimeProvider), timeout: timeout);
        }
        else
        {
            builder.AddTimeout(timeout);
        }
    }

    /// <summary>Adds the preset's attempt timeout: on the client's shared manager for a per-authority pipeline.</summary>
    internal void AddAttemptTimeout(ResiliencePipelineBuilder builder, Timeout.TimeoutOptions options)
    {
        if (SharedTimeouts is { } shared)
        {
            builder.AddTimeout(shared.ForAttempt(options, builder.TimeProvider), options.OperationType, options.Timeout);
        }
        else
        {
            builder.AddTimeout(options);
        }
    }

    /// <summary>Gets the stages the adapter created for this pipeline (the presets' throttle and adaptive limit): they
    /// leave the metrics when the pipeline's authority is evicted.</summary>
    internal List<IDisposable> OwnedStages { get; } = [];
}
