using Resilience.Chaos;

namespace Resilience.Http.Chaos;

/// <summary>
/// A <see cref="DelegatingHandler"/> that sends each request through a pipeline of chaos injectors (faults, latency,
/// made-up responses such as a 503, breaker trips) before the inner handler, to test how a client copes.
/// </summary>
/// <remarks>
/// <para>Place it innermost, after (below) <see cref="ResilientHttpHandler"/>, so retries, breakers and fallbacks see the
/// injected failures as if the network produced them. The injectors stay off unless their options enable them
/// (<see cref="ChaosStrategyOptions.Enabled"/> or <see cref="ChaosStrategyOptions.EnabledGenerator"/>).</para>
/// <para>Build the pipeline with <c>AddChaosFault</c>, <c>AddChaosLatency</c>, <c>AddChaosOutcome&lt;HttpResponseMessage&gt;</c>
/// and <c>AddChaosBreakerTrip</c>. <see cref="SendAsync"/> and <see cref="Send"/> share one implementation; in
/// <see cref="Send"/> an injected latency blocks the calling thread, as a synchronous caller asked.</para>
/// </remarks>
public sealed class ChaosHttpHandler : DelegatingHandler
{
    private readonly ResiliencePipeline _chaos;

    /// <summary>Initializes a new instance of the <see cref="ChaosHttpHandler"/> class.</summary>
    /// <param name="chaos">The chaos injectors every request passes through.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chaos"/> is <see langword="null"/>.</exception>
    public ChaosHttpHandler(ResiliencePipeline chaos)
    {
        ArgumentNullException.ThrowIfNull(chaos);
        _chaos = chaos;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendCoreAsync(request, synchronous: false, cancellationToken).AsTask();

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pending = SendCoreAsync(request, synchronous: true, cancellationToken);
#pragma warning disable CA2012 // Completed synchronously unless an injected latency is pending; then blocking is what Send means.
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
#pragma warning restore CA2012
    }

    private async ValueTask<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, bool synchronous, CancellationToken cancellationToken)
    {
        var context = ResilienceContext.Get(cancellationToken);
        try
        {
            var outcome = await _chaos.ExecuteOutcomeAsync(
                static (ctx, s) => s.Handler.SendInnerAsync(s.Request, s.Synchronous, ctx.CancellationToken),
                context,
                (Handler: this, Request: request, Synchronous: synchronous)).ConfigureAwait(false);
            return outcome.GetResultOrThrow();
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendInnerAsync(HttpRequestMessage request, bool synchronous, CancellationToken cancellationToken)
    {
        try
        {
            return Outcome.FromResult(synchronous
                ? base.Send(request, cancellationToken)
                : await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // The inner handler's failure becomes an outcome; it is rethrown unchanged at the end.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }
}
