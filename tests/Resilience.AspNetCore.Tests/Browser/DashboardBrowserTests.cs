using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Resilience.AspNetCore.Tests.TestSupport;
using Resilience.CircuitBreaking;
using Resilience.Registry;

namespace Resilience.AspNetCore.Tests.Browser;

/// <summary>The dashboard page in a real headless Chromium: its script refreshes the page and the DOM shows what the monitor sees.</summary>
public sealed class DashboardBrowserTests
{
    private const string ScriptName = "<script>alert(1)</script>";

    [Fact]
    public async Task DashboardPage_BreakerOpensAfterThePageLoaded_BrowserShowsItOpenAfterTheScriptRefreshed()
    {
        // Arrange: payment-api is closed when the page is served and opens right after, so only a refresh can show it open.
        await using var host = await DashboardHost.StartAsync(endpoints: app =>
        {
            app.Use(async (context, next) =>
            {
                await next(context);
                if (context.Request.Path == "/resilience")
                {
                    DashboardHost.Trip(context.RequestServices.GetRequiredService<CircuitBreakerRegistry>(), "payment-api");
                }
            });
            app.MapResilienceDashboard("/resilience", o =>
            {
                o.AllowAnonymous = true;
                o.RefreshInterval = TimeSpan.FromSeconds(1);
            });
        });
        host.Registry.GetOrCreate("payment-api");
        host.Registry.GetOrCreate("user-service");
        host.Trip(ScriptName);
        for (var second = 0; second < 3; second++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1)); // one sparkline sample per refresh interval
        }

        // Act
        var dom = await HeadlessChromium.DumpDomAsync(new Uri(host.BaseAddress, "resilience"), TimeSpan.FromSeconds(5));

        // Assert
        RefreshCount(dom).Should().BeGreaterThanOrEqualTo(1, "the page's script replaced the server-rendered content");
        dom.Should().Contain("data-breaker=\"payment-api\" data-state=\"open\"")
            .And.Contain("<span class=\"badge state-open\">Open</span>")
            .And.Contain("data-breaker=\"user-service\" data-state=\"closed\"")
            .And.NotContain("data-breaker=\"payment-api\" data-state=\"closed\"");
        dom.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;", "the hostile name is text in the browser's DOM");
        dom.Should().Contain("data-samples=\"3\" aria-label=\"user-service: state and success rate over the last 1 min\"", "each breaker's sparkline, drawn inline under the strict CSP")
            .And.Contain("<rect class=\"spark-state-closed\" x=\"114\" y=\"22\" width=\"6\" height=\"6\"></rect>")
            .And.Contain("<rect class=\"spark-state-open\"", "the hostile-named breaker was open for all three samples");
        dom.Split("<script").Should().HaveCount(2, "the only script element in the live DOM is the dashboard's own");
    }

    [Fact]
    public async Task DashboardPage_GuideServices_ScreenshotIsAPng()
    {
        await using var host = await DashboardHost.StartAsync(
            resilience: r => r
                .AddCircuitBreaker("payment-api", o => Configure(o, failureThreshold: 3))
                .AddCircuitBreaker("user-service", o => Configure(o, failureThreshold: 5))
                .AddCircuitBreaker("email-service", o => Configure(o, failureThreshold: 10)),
            endpoints: app => app.MapResilienceDashboard("/resilience", o => o.AllowAnonymous = true));
        var probe = StageGuideServices(host);
        var png = Path.Combine(Environment.GetEnvironmentVariable("RESILIENCE_SCREENSHOT_DIR") ?? Path.GetTempPath(), "dashboard.png");

        await HeadlessChromium.ScreenshotAsync(new Uri(host.BaseAddress, "resilience"), TimeSpan.FromSeconds(2), png, 1280, 900);

        probe.RecordSuccess();
        var bytes = await File.ReadAllBytesAsync(png);
        bytes.Length.Should().BeGreaterThan(10_000, "a rendered page, not a blank image");
        bytes.Take(8).Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
    }

    /// <summary>The guide's thresholds, with a ten-minute window so the success rates stay visible after the six-minute break.</summary>
    private static void Configure(CircuitBreakerOptions options, int failureThreshold)
    {
        options.FailureThreshold = failureThreshold;
        options.SamplingDuration = TimeSpan.FromMinutes(10);
        options.BreakDuration = TimeSpan.FromSeconds(60);
    }

    /// <summary>Over the last five minutes (the sparklines): payment-api open for six minutes (an alert), email-service
    /// tripped and recovered, user-service failing more and more until it opened and is now half-open (the returned probe is
    /// in flight).</summary>
    private static CircuitBreakerPermit StageGuideServices(DashboardHost host)
    {
        var email = host.Registry.GetOrCreate("email-service");
        var users = host.Registry.GetOrCreate("user-service");
        var payments = host.Registry.GetOrCreate("payment-api");
        for (var i = 0; i < 12; i++)
        {
            users.AcquirePermit().RecordSuccess();
            payments.AcquirePermit().RecordSuccess();
            email.AcquirePermit().RecordSuccess();
        }

        host.Trip("payment-api");
        host.Time.Advance(TimeSpan.FromSeconds(60));
        host.Trip("email-service");
        host.Time.Advance(TimeSpan.FromSeconds(61));
        for (var i = 0; i < 40; i++)
        {
            email.AcquirePermit().RecordSuccess();
        }

        for (var step = 0; step < 4; step++)
        {
            users.AcquirePermit().RecordFailure();
            for (var i = 0; i < 4 - step; i++)
            {
                users.AcquirePermit().RecordSuccess();
            }

            host.Time.Advance(TimeSpan.FromSeconds(30));
        }

        host.Trip("user-service");
        host.Time.Advance(TimeSpan.FromSeconds(120));
        var probe = users.AcquirePermit();
        users.State.Should().Be(CircuitState.HalfOpen);
        email.State.Should().Be(CircuitState.Closed);
        payments.State.Should().Be(CircuitState.Open);
        return probe;
    }

    private static int RefreshCount(string dom)
    {
        const string Marker = "data-refresh-count=\"";
        var start = dom.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        return int.Parse(dom.AsSpan(start, dom.IndexOf('"', start) - start), System.Globalization.CultureInfo.InvariantCulture);
    }
}
