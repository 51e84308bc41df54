using Resilience.AspNetCore.Dashboard;
using Resilience.AspNetCore.Dashboard.Internal;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Resilience.Registry;

namespace Resilience.AspNetCore.Tests.Dashboard.Internal;

/// <summary>The sparklines' history: sampled on the injected clock, bounded per breaker and by the monitor, drawn as SVG.</summary>
public sealed class DashboardHistoryTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly CircuitBreakerRegistry _registry;
    private readonly CircuitBreakerMonitor _monitor;
    private readonly DashboardHistory _history;

    public DashboardHistoryTests()
    {
        _registry = new CircuitBreakerRegistry(timeProvider: _time, optionsFactory: _ => new CircuitBreakerOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromMinutes(1) });
        _monitor = new CircuitBreakerMonitor(new CircuitMonitorOptions(), _time, []);
        _monitor.Watch(_registry);
        _history = new DashboardHistory(_monitor, _time, Interval);
    }

    public void Dispose()
    {
        _history.Dispose();
        _monitor.Dispose();
        _registry.Dispose();
    }

    [Fact]
    public void Samples_OnePerIntervalOnTheInjectedClock_WithStateAndSuccessRate()
    {
        var breaker = _registry.GetOrCreate("inventory");
        breaker.AcquirePermit().RecordSuccess();
        _history.Get("inventory").Should().BeEmpty("no interval has passed");

        _time.Advance(Interval);
        breaker.AcquirePermit().RecordFailure();
        breaker.AcquirePermit().RecordFailure();
        _time.Advance(Interval);
        _time.Advance(Interval);

        var samples = _history.Get("inventory");
        samples.Select(s => s.State).Should().Equal(CircuitState.Closed, CircuitState.Open, CircuitState.Open);
        samples[0].SuccessRate.Should().Be(100);
        samples.Select(s => s.At - samples[0].At).Should().Equal(TimeSpan.Zero, Interval, Interval * 2);
        _history.Span.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Samples_KeepTheLastSixtyPerBreaker_AndForgetBreakersTheMonitorNoLongerFollows()
    {
        _registry.GetOrCreate("inventory");
        _registry.GetOrCreate("payments");

        for (var i = 0; i < 75; i++)
        {
            _time.Advance(Interval);
        }

        _history.Get("inventory").Should().HaveCount(DashboardConstants.HistorySamples);
        _history.Get("inventory")[^1].At.Should().Be(_time.GetUtcNow());
        _registry.Remove("payments").Should().BeTrue();
        _time.Advance(Interval);
        _history.Get("payments").Should().BeEmpty("a breaker that left the monitor leaves the history");
    }

    [Fact]
    public void Sample_ManyThreadsWhileReading_NeverTearsAQueue()
    {
        for (var b = 0; b < 8; b++)
        {
            _registry.GetOrCreate("b" + b);
        }

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken }, i =>
        {
            if (i % 2 == 0)
            {
                _history.Sample();
            }
            else
            {
                _history.Get("b" + (i % 8)).Length.Should().BeLessThanOrEqualTo(DashboardConstants.HistorySamples);
            }
        });

        _history.Get("b0").Should().HaveCount(DashboardConstants.HistorySamples);
    }

    [Fact]
    public void Fragment_DrawsEachBreakersStateBandAndSuccessRateLine_NewestAtTheRight()
    {
        var breaker = _registry.GetOrCreate("<inventory>");
        breaker.AcquirePermit().RecordSuccess();
        _time.Advance(Interval);
        breaker.AcquirePermit().RecordFailure();
        _time.Advance(Interval);
        breaker.AcquirePermit().RecordFailure();
        _time.Advance(Interval);

        var html = DashboardFragment.Render(_monitor.GetDashboard(), new ResilienceDashboardOptions(), _history);

        html.Should().Contain("<th>Last 5 min</th>");
        html.Should().Contain("<svg class=\"spark\" viewBox=\"0 0 120 28\" width=\"120\" height=\"28\" role=\"img\" data-samples=\"3\" aria-label=\"&lt;inventory&gt;: state and success rate over the last 5 min\">");
        html.Should().Contain("<rect class=\"spark-state-closed\" x=\"114\" y=\"22\" width=\"4\" height=\"6\"/>", "two closed samples are one band")
            .And.Contain("<rect class=\"spark-state-open\" x=\"118\" y=\"22\" width=\"2\" height=\"6\"/>", "the newest sample ends at the right edge");
        html.Should().Contain("<polyline class=\"spark-rate\" points=\"115,2 117,10.5 119,", "100 % at the top, 50 % half-way down the line's band");
        html.Should().NotContain("<inventory>");
    }
}
