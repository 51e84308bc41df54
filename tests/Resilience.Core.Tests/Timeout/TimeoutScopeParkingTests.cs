using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

/// <summary>Timeout scopes wait between calls on the call's context; a thread that alternates between managers reuses them.</summary>
public sealed class TimeoutScopeParkingTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Scopes_ThreadAlternatingBetweenThreeManagers_AreReusedNotCreatedPerCall()
    {
        // Two timeout stages fill both of a context's places; the third manager's scope has to make way or use its pool.
        TimeoutManager[] managers = [new(timeProvider: _time), new(timeProvider: _time), new(timeProvider: _time)];
        var nested = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(managers[0]).AddTimeout(managers[1]).Build();
        var single = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(managers[2]).Build();

        for (var i = 0; i < 300; i++)
        {
            // Completes synchronously, so every call runs on this thread (and its parked context).
            var result = await (i % 2 == 0 ? nested : single).ExecuteAsync(static _ => ValueTask.FromResult(1));
            result.Should().Be(1);
        }

        foreach (var manager in managers)
        {
            // A scope stays linked (idle) after its call until the wheel reaches its slot: one per call if none were reused.
            manager.Wheel.LinkedCount.Should().BeInRange(1, 2, "each manager's scopes are reused from call to call");
            manager.Wheel.ArmedCount.Should().Be(0, "every call ended its scope");
        }
    }
}
