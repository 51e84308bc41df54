namespace Resilience.Core.Tests;

public sealed class ResilienceContextTests
{
    private static readonly ResiliencePropertyKey<string> Key = new("test.key");

    [Fact]
    public void Get_TwiceWithoutReturn_GivesDistinctContexts()
    {
        var first = ResilienceContext.Get();
        var second = ResilienceContext.Get();

        second.Should().NotBeSameAs(first, "a context belongs to one call at a time");
        ResilienceContext.Return(second);
        ResilienceContext.Return(first);
    }

    [Fact]
    public void Return_ThenGet_GivesACleanContext()
    {
        using var cts = new CancellationTokenSource();
        var used = ResilienceContext.Get(cts.Token);
        used.OperationType = "health_check";
        used.AttemptNumber = 2;
        used.SetProperty(Key, "value");
        ResilienceContext.Return(used);

        var next = ResilienceContext.Get();

        next.CancellationToken.Should().Be(CancellationToken.None);
        next.OperationType.Should().BeNull();
        next.AttemptNumber.Should().Be(0);
        next.TryGetProperty(Key, out _).Should().BeFalse();
        ResilienceContext.Return(next);
    }

    [Fact]
    public async Task GetAndReturn_ManyThreadsAtOnce_NeverShareAContext()
    {
        // Each flow marks its context with its own token and checks nobody else changed it while it held it; the yield
        // lets a context be taken on one thread and returned on another, as an async call does.
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var cts = new CancellationTokenSource();
            for (var i = 0; i < 2_000; i++)
            {
                var context = ResilienceContext.Get(cts.Token);
                context.AttemptNumber = i;
                await Task.Yield();
                if (context.CancellationToken != cts.Token || context.AttemptNumber != i)
                {
                    Interlocked.Increment(ref failures);
                }

                ResilienceContext.Return(context);
            }
        })));

        failures.Should().Be(0);
    }
}
