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
    public void Return_AfterManyProperties_TheNextCallSeesNoneOfThem()
    {
        var used = ResilienceContext.Get();
        var keys = Enumerable.Range(0, 40).Select(i => new ResiliencePropertyKey<int>($"test.many.{i}")).ToArray();
        foreach (var key in keys)
        {
            used.SetProperty(key, 7);
        }

        used.TryGetProperty(keys[33], out var read).Should().BeTrue();
        read.Should().Be(7);
        ResilienceContext.Return(used);

        var next = ResilienceContext.Get();
        keys.Where(key => next.TryGetProperty(key, out var _)).Should().BeEmpty();
        ResilienceContext.Return(next);
    }

    [Fact]
    public void TryGetProperty_OfAnotherType_IsNotFound()
    {
        var context = ResilienceContext.Get();
        context.SetProperty(new ResiliencePropertyKey<string>("test.typed"), "text");

        context.TryGetProperty(new ResiliencePropertyKey<int>("test.typed"), out _).Should().BeFalse();
        context.TryGetProperty(new ResiliencePropertyKey<string>(string.Concat("test.", "typed")), out var text).Should().BeTrue();
        text.Should().Be("text");
        ResilienceContext.Return(context);
    }

    [Fact]
    public void SetAndTryGetProperty_DefaultKey_AreRefused()
    {
        var context = ResilienceContext.Get();

        context.Invoking(c => c.SetProperty(default(ResiliencePropertyKey<int>), 1)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("key");
        context.Invoking(c => c.TryGetProperty(default(ResiliencePropertyKey<int>), out _)).Should().Throw<ArgumentNullException>();
        ResilienceContext.Return(context);
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
