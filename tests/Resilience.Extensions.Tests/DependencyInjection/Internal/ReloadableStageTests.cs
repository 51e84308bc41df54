using Resilience.DependencyInjection.Internal;

namespace Resilience.Extensions.Tests.DependencyInjection.Internal;

/// <summary>A reloadable pipeline swaps builds under load: no call ever runs on a disposed build, and every replaced build is disposed.</summary>
public sealed class ReloadableStageTests
{
    [Fact]
    public async Task Replace_UnderConcurrentCalls_NoCallSeesADisposedBuildAndEveryReplacedBuildIsDisposed()
    {
        var ct = TestContext.Current.CancellationToken;
        var stage = new ReloadableStage(NewBuild());
        using var pipeline = new ResiliencePipelineBuilder().AddStrategy(stage).Build();
        var replaced = new List<ResiliencePipeline>();
        var stop = 0;
        var calls = 0L;

        var callers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var i = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                // Half the calls complete later than they started, so they are in flight across a swap.
                var result = await pipeline.ExecuteAsync(
                    static async (yields, _) =>
                    {
                        if (yields)
                        {
                            await Task.Yield();
                        }

                        return 1;
                    },
                    (i++ & 1) == 0,
                    ct);
                result.Should().Be(1);
                Interlocked.Increment(ref calls);
            }
        }, ct)).ToArray();

        // Every swap waits for calls to have gone through since the previous one, so swaps and calls really interleave
        // (on a busy machine the callers may start only after a loop of bare swaps would be over).
        for (var swap = 0; swap < 200; swap++)
        {
            var before = Interlocked.Read(ref calls);
            SpinWait.SpinUntil(() => Interlocked.Read(ref calls) > before, TimeSpan.FromSeconds(30)).Should().BeTrue("the callers make progress");
            replaced.Add(stage.Current);
            stage.Replace(NewBuild());
        }

        Volatile.Write(ref stop, 1);
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30), ct);

        Interlocked.Read(ref calls).Should().BePositive();
        foreach (var build in replaced)
        {
            var late = async () => await build.ExecuteAsync(static _ => ValueTask.FromResult(1), ct);
            await late.Should().ThrowAsync<ObjectDisposedException>("a replaced build is disposed once its last call ended");
        }

        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2), ct)).Should().Be(2, "the current build is live");
        stage.Dispose();
        var afterDispose = async () => await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2), ct);
        await afterDispose.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static ResiliencePipeline NewBuild() =>
        new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromMinutes(1)).Build();
}
