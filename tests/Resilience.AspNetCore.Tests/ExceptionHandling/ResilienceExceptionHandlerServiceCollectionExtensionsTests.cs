using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Resilience.AspNetCore.Tests.TestSupport;
using Resilience.CircuitBreaking;

namespace Resilience.AspNetCore.Tests.ExceptionHandling;

public sealed class ResilienceExceptionHandlerServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddResilienceExceptionHandler_CircuitOpen_Returns503WithRetryAfterRoundedUpAndProblemDetails()
    {
        await using var host = await StartAsync(app => app.MapGet("/pay", IResult () =>
            throw new CircuitOpenException("payment-api", CircuitState.Open, TimeSpan.FromSeconds(12.3))));

        using var response = await host.Client.GetAsync(new Uri("pay", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(13));
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetInt32().Should().Be(503);
        json.RootElement.GetProperty("title").GetString().Should().Be("Service Unavailable");
        json.RootElement.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.6.4");
        json.RootElement.GetProperty("retryAfterSeconds").GetInt64().Should().Be(13);
        body.Should().NotContain("payment-api", "the response tells a client nothing about the service's internals");
    }

    [Fact]
    public async Task AddResilienceExceptionHandler_RealBreakerOpen_RetryAfterIsTheRestOfTheBreak()
    {
        await using var host = await StartAsync(
            app => app.MapGet("/users", async (HttpContext context) =>
            {
                var breaker = context.RequestServices.GetRequiredService<Registry.CircuitBreakerRegistry>().GetOrCreate("user-service");
                return await breaker.ExecuteAsync(static _ => ValueTask.FromResult("ok"), context.RequestAborted);
            }),
            r => r.AddCircuitBreaker("user-service", o =>
            {
                o.FailureThreshold = 2;
                o.BreakDuration = TimeSpan.FromSeconds(30);
            }));
        host.Trip("user-service");
        host.Time.Advance(TimeSpan.FromSeconds(10));

        using var rejected = await host.Client.GetAsync(new Uri("users", UriKind.Relative));
        host.Time.Advance(TimeSpan.FromSeconds(20));
        using var probe = await host.Client.GetAsync(new Uri("users", UriKind.Relative));

        rejected.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        rejected.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(20));
        probe.StatusCode.Should().Be(HttpStatusCode.OK, "once the break is over the probe runs and succeeds");
    }

    [Fact]
    public async Task AddResilienceExceptionHandler_RejectionWithoutRetryTime_Returns503WithoutRetryAfter()
    {
        await using var host = await StartAsync(app => app.MapGet("/full", IResult () => throw new ExecutionRejectedException("The bulkhead is full.")));

        using var response = await host.Client.GetAsync(new Uri("full", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().BeNull();
        json.RootElement.TryGetProperty("retryAfterSeconds", out _).Should().BeFalse();
    }

    [Fact]
    public async Task AddResilienceExceptionHandler_RejectionWrappedByAnAdapter_IsStillA503()
    {
        await using var host = await StartAsync(app => app.MapGet("/wrapped", IResult () =>
            throw new HttpRequestException("send failed", new CircuitOpenException("email-service", CircuitState.Open, TimeSpan.FromSeconds(2)))));

        using var response = await host.Client.GetAsync(new Uri("wrapped", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task AddResilienceExceptionHandler_OtherException_IsLeftToTheDefaultHandling()
    {
        await using var host = await StartAsync(app => app.MapGet("/bug", IResult () => throw new InvalidOperationException("bug")));

        using var response = await host.Client.GetAsync(new Uri("bug", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Headers.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task AddResilienceExceptionHandler_ClientAcceptsOnlyHtml_StillAnswers503InPlainText()
    {
        await using var host = await StartAsync(app => app.MapGet("/pay", IResult () =>
            throw new CircuitOpenException("payment-api", CircuitState.Open, TimeSpan.FromSeconds(1))));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("pay", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await response.Content.ReadAsStringAsync()).Should().StartWith("A service this request depends on is temporarily unavailable");
    }

    [Fact]
    public void AddResilienceExceptionHandler_CalledTwice_RegistersTheHandlerOnce()
    {
        var services = new ServiceCollection();

        services.AddResilienceExceptionHandler().AddResilienceExceptionHandler();

        services.Count(d => d.ServiceType == typeof(IExceptionHandler)).Should().Be(1);
    }

    private static Task<DashboardHost> StartAsync(Action<WebApplication> endpoints, Action<Resilience.DependencyInjection.ResilienceBuilder>? resilience = null) =>
        DashboardHost.StartAsync(
            resilience: resilience,
            services: s => s.AddResilienceExceptionHandler(),
            endpoints: app =>
            {
                app.UseExceptionHandler();
                endpoints(app);
            });
}
