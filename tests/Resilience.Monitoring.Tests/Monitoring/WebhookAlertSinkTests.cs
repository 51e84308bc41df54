using System.Net;
using System.Text.Json;
using Resilience.Monitoring.Tests.TestDoubles;
using Resilience.Monitoring;

namespace Resilience.Monitoring.Tests.Monitoring;

public sealed class WebhookAlertSinkTests
{
    [Fact]
    public async Task SendAsync_Alert_PostsCamelCaseJsonWithEnumNames()
    {
        var handler = new CapturingHandler(HttpStatusCode.OK);
        using var client = new HttpClient(handler);
        var sink = new WebhookAlertSink(client, new Uri("https://hooks.example.com/alerts"));

        await sink.SendAsync(SampleAlerts.OpenTooLong("payment-api"), CancellationToken.None);

        handler.Method.Should().Be(HttpMethod.Post);
        handler.Uri.Should().Be(new Uri("https://hooks.example.com/alerts"));
        handler.ContentType.Should().Be("application/json");
        using var json = JsonDocument.Parse(handler.Body!);
        json.RootElement.GetProperty("kind").GetString().Should().Be("OpenTooLong");
        json.RootElement.GetProperty("severity").GetString().Should().Be("High");
        json.RootElement.GetProperty("circuitBreakerName").GetString().Should().Be("payment-api");
        json.RootElement.GetProperty("action").GetString().Should().Be("Check service health and logs.");
        json.RootElement.GetProperty("timestamp").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 11, 27, 12, 5, 1, TimeSpan.Zero));
    }

    [Fact]
    public async Task SendAsync_ServerError_Throws()
    {
        using var client = new HttpClient(new CapturingHandler(HttpStatusCode.InternalServerError));
        var sink = new WebhookAlertSink(client, new Uri("https://hooks.example.com/alerts"));

        var act = () => sink.SendAsync(SampleAlerts.OpenTooLong("svc"), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public void Ctor_RelativeOrNonHttpEndpoint_ThrowsWithoutLeakingQuery()
    {
        using var client = new HttpClient();

        var act = () => new WebhookAlertSink(client, new Uri("ftp://user:pw@hooks.example.com/x?token=SECRET"));

        act.Should().Throw<ArgumentException>().WithParameterName("endpoint")
            .Which.Message.Should().NotContain("SECRET").And.NotContain("pw");
    }

    private sealed class CapturingHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public HttpMethod? Method { get; private set; }

        public Uri? Uri { get; private set; }

        public string? ContentType { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Method = request.Method;
            Uri = request.RequestUri;
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status);
        }
    }
}
