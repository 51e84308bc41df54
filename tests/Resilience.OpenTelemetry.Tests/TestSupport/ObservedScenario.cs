using System.Net;
using Resilience.Timeout;

namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>
/// Runs one story through <see cref="ObservedApp"/> and keeps what it exported. <c>inventory</c>: a success (whose query
/// string holds a token), a 503 retried once, a hanging request whose two attempts time out (the fourth failure opens the
/// breaker), a call the open breaker rejects, then 8.4 s of the 30 s break. <c>payments</c>: a 503 retried into a 200.
/// </summary>
public sealed class ObservedScenario : IAsyncLifetime
{
    public const string Secret = "token=SECRET-4711";

    private Downstream? _downstream;
    private ObservedApp? _app;

    internal List<ExportedPoint> Points { get; private set; } = [];

    public string Scrape { get; private set; } = string.Empty;

    public HttpStatusCode HealthStatusCode { get; private set; }

    public string Health { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _downstream = await Downstream.StartAsync();
        _app = await ObservedApp.StartAsync(_downstream.BaseAddress);
        var inventory = _app.CreateClient(ObservedApp.Inventory);
        var payments = _app.CreateClient(ObservedApp.Payments);
        var ct = TestContext.Current.CancellationToken;

        (await inventory.GetAsync("ok?" + Secret, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await inventory.GetAsync("status/503", ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var hanging = inventory.GetAsync("hang", ct);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await _downstream.Hangs.Reader.ReadAsync(ct);
            _app.Time.Advance(TimeSpan.FromSeconds(1.5));
        }

        await hanging.Awaiting(h => h).Should().ThrowAsync<TimeoutRejectedException>();
        await inventory.Awaiting(c => c.GetAsync("ok", ct)).Should().ThrowAsync<ExecutionRejectedException>();

        (await payments.GetAsync("flaky", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the 503 of the first attempt is retried");

        _app.Time.Advance(TimeSpan.FromSeconds(8.4));
        Points = ExportedPoint.From(_app.Collect());
        using var http = new HttpClient { BaseAddress = _app.BaseAddress };
        Scrape = await http.GetStringAsync("metrics", ct);
        var health = await http.GetAsync("health", ct);
        HealthStatusCode = health.StatusCode;
        Health = await health.Content.ReadAsStringAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_downstream is not null)
        {
            await _downstream.DisposeAsync();
        }
    }
}
