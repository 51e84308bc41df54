using Resilience.Core.Tests.TestSupport;
using Resilience.Internal;
using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

/// <summary>
/// A total timeout that stops waiting (StopWaitingAtDeadline) outside an attempt timeout: the abandoned flow lives on after its
/// call ended and must never touch a context another call holds.
/// </summary>
[Collection(ProcessWideOwnershipChecks.Name)]
public sealed class TimeoutAbandonedFlowTests
{
    private static readonly TimeSpan Total = TimeSpan.FromMilliseconds(50);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ExecuteOutcomeAsync_AbandonedFlowFinishesLater_NextCallKeepsItsOwnToken()
    {
        OwnershipChecks.TrackCurrentFlow();
        var violations = OwnershipChecks.Violations;
        var pipeline = BuildPipeline();
        var hang = new TaskCompletionSource<int>();

        // Call A: its operation ignores its token, so the total timeout gives up at the deadline and A's context goes back.
        var contextA = ResilienceContext.Get();
        var a = pipeline.ExecuteOutcomeAsync(static async (_, h) => Outcome.FromResult(await h.Task), contextA, hang).AsTask();
        _time.Advance(Total);
        (await a).Exception.Should().BeOfType<TimeoutRejectedException>();
        ResilienceContext.Return(contextA);

        // Call B takes the pooled context and is in its operation when A's operation finally ends.
        using var callerB = new CancellationTokenSource();
        var contextB = ResilienceContext.Get(callerB.Token);
        var gate = new TaskCompletionSource();
        var b = pipeline.ExecuteOutcomeAsync(
            static async (context, g) =>
            {
                await g.Task;
                context.CancellationToken.ThrowIfCancellationRequested();
                return Outcome.FromResult(2);
            },
            contextB,
            gate).AsTask();
        hang.SetResult(1);
        gate.SetResult();

        var outcome = await b;
        outcome.Exception.Should().BeNull("nobody cancelled call B");
        outcome.Result.Should().Be(2);
        contextB.CancellationToken.Should().Be(callerB.Token);
        ResilienceContext.Return(contextB);
        OwnershipChecks.Violations.Should().Be(violations, string.Join(Environment.NewLine, OwnershipChecks.Reports));
    }

    [Fact]
    public async Task ExecuteAsync_AbandonedFlowFinishesLater_NeverTouchesTheContextOfTheNextCall()
    {
        OwnershipChecks.TrackCurrentFlow();
        var violations = OwnershipChecks.Violations;
        var pipeline = BuildPipeline();
        var hang = new TaskCompletionSource<int>();

        var a = pipeline.ExecuteAsync(static (h, _) => new ValueTask<int>(h.Task), hang).AsTask();
        _time.Advance(Total);
        await a.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>();

        var gate = new TaskCompletionSource<int>();
        var b = pipeline.ExecuteAsync(static (g, _) => new ValueTask<int>(g.Task), gate).AsTask();
        hang.SetResult(1);
        gate.SetResult(2);

        (await b).Should().Be(2);
        OwnershipChecks.Violations.Should().Be(violations, string.Join(Environment.NewLine, OwnershipChecks.Reports));
    }

    [Fact]
    public async Task ExecuteAsync_AbandonedOperationReturnsDisposableLater_ResultIsDisposed()
    {
        var pipeline = BuildPipeline();
        var hang = new TaskCompletionSource<DisposableResult>();

        var call = pipeline.ExecuteAsync(static (h, _) => new ValueTask<DisposableResult>(h.Task), hang).AsTask();
        _time.Advance(Total);
        await call.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>();

        var late = new DisposableResult();
        hang.SetResult(late);

        late.Disposed.Should().BeTrue("nobody will ever see the abandoned result; a response holds a connection");
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_InnerStageSetsProperty_VisibleToCallerAfterTheCall()
    {
        var key = new ResiliencePropertyKey<string>("test.inner");
        var pipeline = BuildPipeline();
        var context = ResilienceContext.Get();

        var outcome = await pipeline.ExecuteOutcomeAsync(
            static async (ctx, k) =>
            {
                await Task.Yield();
                ctx.SetProperty(k, "set inside");
                return Outcome.FromResult(1);
            },
            context,
            key);

        outcome.Result.Should().Be(1);
        context.TryGetProperty(key, out var value).Should().BeTrue("what the inner stages did comes back to the caller's context");
        value.Should().Be("set inside");
        ResilienceContext.Return(context);
    }

    private ResiliencePipeline BuildPipeline() =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(new TimeoutOptions { Timeout = Total, StopWaitingAtDeadline = true })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();

    private sealed class DisposableResult : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
