using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.HealthChecks;
using Resilience.Registry;

namespace Resilience.HealthChecks.Tests;

public sealed class CircuitBreakerHealthCheckTests
{
    [Theory]
    [InlineData(0, 0, 0, 0, HealthStatus.Healthy)]
    [InlineData(4, 0, 0, 0, HealthStatus.Healthy)]
    [InlineData(2, 0, 2, 0, HealthStatus.Healthy)]
    [InlineData(3, 1, 0, 0, HealthStatus.Degraded)]
    [InlineData(3, 0, 0, 1, HealthStatus.Degraded)]
    [InlineData(1, 1, 0, 0, HealthStatus.Degraded)]
    [InlineData(2, 2, 0, 0, HealthStatus.Degraded)]
    [InlineData(1, 1, 0, 1, HealthStatus.Degraded)]
    [InlineData(0, 1, 0, 0, HealthStatus.Degraded)]
    public async Task CheckHealthAsync_ByDefault_OpenCircuitsAreDegradedNeverUnhealthy(int closed, int open, int halfOpen, int isolated, HealthStatus expected)
    {
        // On main one open breaker of two (and any half or more) made /health Unhealthy: every instance left the rotation.
        using var registry = RegistryWith(closed, open, halfOpen, isolated);

        var result = await Check(registry, HealthStatus.Unhealthy);

        result.Status.Should().Be(expected);
        result.Data["total"].Should().Be(closed + open + halfOpen + isolated);
        result.Data["closed"].Should().Be(closed);
        result.Data["open"].Should().Be(open);
        result.Data["half_open"].Should().Be(halfOpen);
        result.Data["isolated"].Should().Be(isolated);
        ((IReadOnlyList<string>)result.Data["open_circuits"]).Should().HaveCount(open + isolated);
    }

    [Theory]
    [InlineData(3, 1, 0, HealthStatus.Degraded)]
    [InlineData(2, 2, 0, HealthStatus.Unhealthy)]
    [InlineData(1, 1, 1, HealthStatus.Unhealthy)]
    [InlineData(0, 1, 0, HealthStatus.Unhealthy)]
    public async Task CheckHealthAsync_FailureRatioOfOneHalf_IsTheGuidesRule(int closed, int open, int isolated, HealthStatus expected)
    {
        using var registry = RegistryWith(closed, open, halfOpen: 0, isolated);

        var result = await Check(registry, HealthStatus.Unhealthy, new CircuitBreakerHealthCheckOptions { FailureRatio = 0.5 });

        result.Status.Should().Be(expected);
    }

    [Fact]
    public async Task CheckHealthAsync_CriticalCircuitOpen_ReportsTheFailureStatusAndNamesIt()
    {
        using var registry = RegistryWith(closed: 5, open: 1, halfOpen: 0, isolated: 0);
        var options = new CircuitBreakerHealthCheckOptions { CriticalCircuits = { "open-0" } };

        var result = await Check(registry, HealthStatus.Unhealthy, options);

        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().Be("1 of 6 circuits are open: open-0. Critical: open-0.");
    }

    [Fact]
    public async Task CheckHealthAsync_FailureRatioReached_UsesRegistrationFailureStatusAndNamesThem()
    {
        using var registry = RegistryWith(closed: 1, open: 2, halfOpen: 0, isolated: 0);

        var result = await Check(registry, HealthStatus.Degraded, new CircuitBreakerHealthCheckOptions { FailureRatio = 0.5 });

        result.Status.Should().Be(HealthStatus.Degraded);
        result.Description.Should().Be("2 of 3 circuits are open: open-0, open-1.");
        result.Data["open_circuits"].Should().BeEquivalentTo(new[] { "open-0", "open-1" });
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_FailureRatioOutOfRange_IsRefusedNamingTheOptionAndValue(double ratio)
    {
        using var registry = new CircuitBreakerRegistry();

        var act = () => new CircuitBreakerHealthCheck(registry, new CircuitBreakerHealthCheckOptions { FailureRatio = ratio });

        act.Should().Throw<ArgumentException>().WithMessage($"Invalid CircuitBreakerHealthCheckOptions: FailureRatio must be greater than 0 and at most 1; it was {ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)}*");
    }

    [Fact]
    public async Task AddCircuitBreakers_InvalidFailureRatio_FailsStartUp()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddHealthChecks().AddCircuitBreakers("ready-breakers", configure: o => o.FailureRatio = 2);
        using var host = builder.Build();

        var act = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>())
            .WithMessage("*HealthChecks:ready-breakers:FailureRatio must be greater than 0 and at most 1; it was 2.*");
    }

    [Fact]
    public async Task AddCircuitBreakers_TaggedForReadiness_CriticalBreakerMakesOnlyThatCheckFail()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResilience().AddCircuitBreaker("database").AddCircuitBreaker("recommendations");
        services.AddHealthChecks().AddCircuitBreakers("ready-breakers", tags: ["ready"], configure: o => o.CriticalCircuits.Add("database"));
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<CircuitBreakerRegistry>();
        registry.GetOrCreate("recommendations").Isolate();
        var health = provider.GetRequiredService<HealthCheckService>();

        var degraded = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);
        registry.GetOrCreate("database").Isolate();
        var unhealthy = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);

        degraded.Status.Should().Be(HealthStatus.Degraded);
        unhealthy.Status.Should().Be(HealthStatus.Unhealthy);
    }

    [Fact]
    public async Task AddCircuitBreakers_HealthCheckService_ReportsTheRegistry()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResilience().AddCircuitBreaker("payment-api");
        services.AddHealthChecks().AddCircuitBreakers();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api").Isolate();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        report.Entries.Should().ContainKey("circuit-breakers");
        report.Status.Should().Be(HealthStatus.Degraded);
        report.Entries["circuit-breakers"].Data["open_circuits"].Should().BeEquivalentTo(new[] { "payment-api" });
    }

    private static CircuitBreakerRegistry RegistryWith(int closed, int open, int halfOpen, int isolated)
    {
        var time = new FakeTimeProvider();
        var registry = new CircuitBreakerRegistry(timeProvider: time, optionsFactory: _ => new() { FailureThreshold = 1, BreakDuration = TimeSpan.FromSeconds(10) });
        for (var i = 0; i < closed; i++)
        {
            registry.GetOrCreate($"closed-{i}");
        }

        for (var i = 0; i < halfOpen; i++)
        {
            Trip(registry.GetOrCreate($"half-open-{i}"));
        }

        time.Advance(TimeSpan.FromSeconds(11));
        for (var i = 0; i < halfOpen; i++)
        {
            registry.GetOrCreate($"half-open-{i}").TryAcquirePermit(out _, out _).Should().BeTrue("the first call after the break is a probe");
        }

        for (var i = 0; i < open; i++)
        {
            Trip(registry.GetOrCreate($"open-{i}"));
        }

        for (var i = 0; i < isolated; i++)
        {
            registry.GetOrCreate($"isolated-{i}").Isolate();
        }

        return registry;
    }

    private static void Trip(Resilience.CircuitBreaking.CircuitBreaker breaker)
    {
        breaker.TryAcquirePermit(out var permit, out _);
        permit.RecordFailure();
    }

    private static Task<HealthCheckResult> Check(CircuitBreakerRegistry registry, HealthStatus failureStatus, CircuitBreakerHealthCheckOptions? options = null)
    {
        var check = new CircuitBreakerHealthCheck(registry, options);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("circuit-breakers", check, failureStatus, null) };
        return check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
    }
}
