using Resilience.CircuitBreaking;
using Resilience.Core.Tests.TestSupport;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

/// <summary>
/// A user callback that throws inside a timeout (a retry or breaker predicate, OnRetry, a delay generator) must not leak the
/// timeout's scope: 1,000 such calls sharing one long-lived caller token leave nothing armed and nothing registered.
/// </summary>
public sealed class TimeoutCallbackFailureTests : IDisposable
{
    private const int Calls = 1_000;

    private readonly FakeTimeProvider _time = new();
    private readonly TimeoutManager _timeouts;
    private readonly CancellationTokenSource _stopping = new();

    public TimeoutCallbackFailureTests()
    {
        var options = new TimeoutOptions();
        options.Timeouts[OperationTypes.StandardRequest] = TimeSpan.FromHours(1);
        _timeouts = new TimeoutManager(options, _time);
    }

    public enum Callback
    {
        RetryShouldHandle,
        RetryOnRetry,
        RetryDelayGenerator,
        BreakerShouldHandle,
    }

    public void Dispose()
    {
        _timeouts.Dispose();
        _stopping.Dispose();
    }

    [Theory]
    [InlineData(Callback.RetryShouldHandle, false)]
    [InlineData(Callback.RetryShouldHandle, true)]
    [InlineData(Callback.RetryOnRetry, false)]
    [InlineData(Callback.RetryDelayGenerator, false)]
    [InlineData(Callback.BreakerShouldHandle, false)]
    [InlineData(Callback.BreakerShouldHandle, true)]
    public async Task ExecuteAsync_CallbackThrowsUnderTimeout_ScopeEndsAndNothingStaysRegistered(Callback callback, bool asynchronous)
    {
        var pipeline = BuildPipeline(callback);

        for (var i = 0; i < Calls; i++)
        {
            var call = async () => await pipeline.ExecuteAsync(static (a, _) => Operation(a), asynchronous, _stopping.Token);
            await call.Should().ThrowAsync<CallbackBugException>();
        }

        _timeouts.Wheel.ArmedCount.Should().Be(0, "every scope ends, whichever way its call ends");
        TokenRegistrations.Count(_stopping).Should().Be(0, "nothing stays registered on the caller's long-lived token");
    }

    [Theory]
    [InlineData(Callback.RetryShouldHandle)]
    [InlineData(Callback.BreakerShouldHandle)]
    public async Task ExecuteOutcomeAsync_CallbackThrowsUnderTimeout_ContextTokenRestored(Callback callback)
    {
        var pipeline = BuildPipeline(callback);
        var context = ResilienceContext.Get(_stopping.Token);

        var call = async () => await pipeline.ExecuteOutcomeAsync(
            static (ctx, _) => OutcomeOf(ctx),
            context,
            0);

        await call.Should().ThrowAsync<CallbackBugException>();
        context.CancellationToken.Should().Be(_stopping.Token);
        ResilienceContext.Return(context);
        TokenRegistrations.Count(_stopping).Should().Be(0);
    }

    private static ValueTask<Outcome<int>> OutcomeOf(ResilienceContext context) =>
        new(Outcome.FromException<int>(new TimeoutException("transient")));

    private static async ValueTask<int> Operation(bool asynchronous)
    {
        if (asynchronous)
        {
            await Task.Yield();
        }

        throw new TimeoutException("transient");
    }

    private ResiliencePipeline BuildPipeline(Callback callback)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(_timeouts);
        if (callback == Callback.BreakerShouldHandle)
        {
            return builder.AddCircuitBreaker(new CircuitBreakerOptions { ShouldHandle = static _ => throw new CallbackBugException() }).Build();
        }

        var retry = new RetryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
        switch (callback)
        {
            case Callback.RetryShouldHandle:
                retry.ShouldHandle = static _ => throw new CallbackBugException();
                break;
            case Callback.RetryOnRetry:
                retry.OnRetry = static _ => throw new CallbackBugException();
                break;
            default:
                retry.DelayGenerator = static _ => throw new CallbackBugException();
                break;
        }

        return builder.AddRetry(retry).Build();
    }
}
