using System.Collections.Concurrent;
using Resilience.CircuitBreaking;
using Resilience.Core.Tests.TestSupport;
using Resilience.Internal;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Core.Tests;

/// <summary>
/// 64 threads through total timeout → retry → breaker → attempt timeout (both timeouts stop waiting at the deadline), with
/// random hangs that ignore their token, throwing callbacks and caller cancellations: no pooled context or timeout scope is
/// ever held by two calls, and nothing stays registered on the callers' shared long-lived token.
/// </summary>
/// <remarks>Real clock (the timeouts must race the calls), bounded: 3 s of calls, then every hang is released.</remarks>
[Collection(ProcessWideOwnershipChecks.Name)]
public sealed class PipelineOwnershipStressTests
{
    private const int Threads = 64;
    private const int Seed = 1313;
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(6);

    [Fact]
    public void OwnershipCheck_ContextUsedAfterItWentBack_IsReported()
    {
        OwnershipChecks.TrackCurrentFlow();
        var before = OwnershipChecks.Violations;
        var context = ResilienceContext.Get();
        ResilienceContext.Return(context);

        _ = context.AttemptNumber;

        OwnershipChecks.Violations.Should().Be(before + 1, "the check must see a use after return, or the stress test proves nothing");
    }

    [Fact]
    public async Task Pipeline_64ThreadsWithHangsThrowingCallbacksAndCancellations_NoSharedContextOrScopeAndNoRegistrationLeft()
    {
        OwnershipChecks.TrackCurrentFlow();
        var violations = OwnershipChecks.Violations;
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, Threads + 8), minIo);
        using var stopping = new CancellationTokenSource();
        using var totalTimeouts = Manager(TimeSpan.FromMilliseconds(60));
        using var attemptTimeouts = Manager(TimeSpan.FromMilliseconds(20));
        var pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(totalTimeouts)
            .AddRetry(new RetryOptions
            {
                MaxAttempts = 3,
                BaseDelay = TimeSpan.FromMilliseconds(1),
                MaxDelay = TimeSpan.FromMilliseconds(4),
                ShouldHandle = static a => a.Exception is CallbackBugException ? throw new CallbackBugException() : RetryPredicates.IsTransient(a),
                OnRetry = static a => a.Outcome.Exception is IOException ? throw new CallbackBugException() : ValueTask.CompletedTask,
            })
            .AddCircuitBreaker(new CircuitBreakerOptions
            {
                FailureThreshold = 40,
                BreakDuration = TimeSpan.FromMilliseconds(500),
                ShouldHandle = static a => a.Exception is InvalidDataException ? throw new CallbackBugException() : a.Exception is not null,
            })
            .AddTimeout(attemptTimeouts)
            .Build();
        var hangs = new ConcurrentQueue<TaskCompletionSource<int>>();
        var unexpected = new ConcurrentQueue<Exception>();
        var completed = 0;
        using var runFor = new CancellationTokenSource(RunFor);

        try
        {
            var workers = Enumerable.Range(0, Threads).Select(worker => Task.Run(async () =>
            {
                var random = new Random(Seed + worker);
                while (!runFor.IsCancellationRequested)
                {
                    await OneCallAsync(pipeline, random, hangs, unexpected, stopping.Token);
                    Interlocked.Increment(ref completed);
                    if (random.Next(4) == 0 && hangs.TryDequeue(out var hang))
                    {
                        hang.TrySetResult(0);
                    }
                }
            }));
            await Task.WhenAll(workers);
        }
        finally
        {
            // Every abandoned flow is let go; each gives its context back when it really ends.
            while (hangs.TryDequeue(out var hang))
            {
                hang.TrySetResult(0);
            }

            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        using var drain = new CancellationTokenSource(DrainBound);
        while ((OwnershipChecks.OutstandingContexts > 0 || totalTimeouts.Wheel.ArmedCount > 0 || attemptTimeouts.Wheel.ArmedCount > 0)
            && !drain.IsCancellationRequested)
        {
            while (hangs.TryDequeue(out var hang))
            {
                hang.TrySetResult(0);
            }

            await Task.Yield();
        }

        unexpected.Should().BeEmpty();
        completed.Should().BeGreaterThan(Threads * 10, "the run made many calls");
        OwnershipChecks.Violations.Should().Be(violations, string.Join(Environment.NewLine + Environment.NewLine, OwnershipChecks.Reports));
        OwnershipChecks.OutstandingContexts.Should().Be(0, "every flow, abandoned or not, gave its context back");
        totalTimeouts.Wheel.ArmedCount.Should().Be(0);
        attemptTimeouts.Wheel.ArmedCount.Should().Be(0);
        TokenRegistrations.Count(stopping).Should().Be(0, "nothing stays registered on the shared caller token");
    }

    private static async Task OneCallAsync(
        ResiliencePipeline pipeline,
        Random random,
        ConcurrentQueue<TaskCompletionSource<int>> hangs,
        ConcurrentQueue<Exception> unexpected,
        CancellationToken stopping)
    {
        // Half the calls pass the shared token as it is; the others a per-call token linked to it, which some cancel.
        using var own = random.Next(2) == 0 ? CancellationTokenSource.CreateLinkedTokenSource(stopping) : null;
        var token = own?.Token ?? stopping;
        var behaviour = random.Next(9);
        var cancelling = own is not null && random.Next(4) == 0;
        Task? canceller = cancelling ? Task.Run(own!.Cancel, CancellationToken.None) : null;
        try
        {
            if (random.Next(2) == 0)
            {
                await pipeline.ExecuteAsync(
                    static (s, ct) => Operation(s.behaviour, s.hangs, null, ct),
                    (behaviour, hangs),
                    token);
            }
            else
            {
                var context = ResilienceContext.Get(token);
                try
                {
                    var outcome = await pipeline.ExecuteOutcomeAsync(
                        static async (ctx, s) =>
                        {
                            try
                            {
                                return Outcome.FromResult(await Operation(s.behaviour, s.hangs, ctx, ctx.CancellationToken));
                            }
#pragma warning disable CA1031 // The outcome API reports every failure as an outcome.
                            catch (Exception ex)
#pragma warning restore CA1031
                            {
                                return Outcome.FromException<int>(ex);
                            }
                        },
                        context,
                        (behaviour, hangs));
                    outcome.ThrowIfException();
                    context.CancellationToken.Should().Be(token, "every stage restores the context's token");
                }
                finally
                {
                    ResilienceContext.Return(context);
                }
            }
        }
        catch (Exception ex) when (Expected(ex, token))
        {
        }
#pragma warning disable CA1031 // Anything else is collected and asserted on at the end.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            unexpected.Enqueue(ex);
        }

        if (canceller is not null)
        {
            await canceller;
        }
    }

    private static bool Expected(Exception ex, CancellationToken token) => ex switch
    {
        TimeoutRejectedException or ExecutionRejectedException or CallbackBugException => true,
        TimeoutException or IOException or InvalidDataException => true,

        // A cancellation nobody asked for is a bug; the caller's own surfaces with its own token.
        OperationCanceledException oce => token.IsCancellationRequested && oce.CancellationToken == token,
        _ => false,
    };

    private static async ValueTask<int> Operation(int behaviour, ConcurrentQueue<TaskCompletionSource<int>> hangs, ResilienceContext? context, CancellationToken ct)
    {
        switch (behaviour)
        {
            case 0:
                return 1;
            case 1:
                await Task.Yield();
                return 1;
            case 2:
                throw new TimeoutException("transient");
            case 3:
                // The retry's OnRetry throws for this one.
                await Task.Yield();
                throw new IOException("transient, and OnRetry throws");
            case 4:
                // The breaker's ShouldHandle throws for this one.
                throw new InvalidDataException("the breaker predicate throws");
            case 5:
                // The retry's ShouldHandle throws for this one.
                throw new CallbackBugException();
            case 6:
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
                return 1;
            default:
                // Ignores its token: the timeouts stop waiting and the flow lives on until another call lets it go.
                var hang = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                hangs.Enqueue(hang);
                await hang.Task;
                if (context is not null)
                {
                    // The abandoned flow still uses its context after its call ended: it must still be its own.
                    _ = context.CancellationToken;
                    context.AttemptNumber.Should().BeGreaterThanOrEqualTo(0);
                }

                return 1;
        }
    }

    private static TimeoutManager Manager(TimeSpan timeout)
    {
        var options = new TimeoutOptions { StopWaitingAtDeadline = true };
        options.Timeouts.Clear();
        options.Timeouts[OperationTypes.StandardRequest] = timeout;
        return new TimeoutManager(options);
    }
}
