using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Resilience.AspNetCore.Tests.TestSupport;
using Resilience.CircuitBreaking;

namespace Resilience.AspNetCore.Tests.Dashboard;

public sealed class ResilienceDashboardEndpointRouteBuilderExtensionsTests
{
    private const string ScriptName = "<script>alert(1)</script>";

    [Fact]
    public async Task MapResilienceDashboard_BreakerOpen_PageShowsItOpenWithSummaryAndTransition()
    {
        await using var host = await StartAnonymousAsync();
        host.Trip("payment-api");
        host.Registry.GetOrCreate("user-service");

        using var response = await host.Client.GetAsync(new Uri("resilience", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("<tr class=\"state-open\" data-breaker=\"payment-api\" data-state=\"open\">")
            .And.Contain("<tr class=\"state-closed\" data-breaker=\"user-service\" data-state=\"closed\">")
            .And.Contain("<div class=\"tile state-open\"><span class=\"count\">1</span> <span class=\"label\">open</span></div>")
            .And.Contain("<div class=\"tile total\"><span class=\"count\">2</span>")
            .And.Contain("<span class=\"badge state-closed\">Closed</span> &rarr; <span class=\"badge state-open\">Open</span>")
            .And.Contain("<td class=\"rate\">0.0 %</td>", "every call of payment-api failed")
            .And.Contain("src=\"/resilience/dashboard.js\"");
    }

    [Fact]
    public async Task MapResilienceDashboard_Page_IsNeverCachedAndForbidsInlineCode()
    {
        await using var host = await StartAnonymousAsync();

        using var response = await host.Client.GetAsync(new Uri("resilience", UriKind.Relative));

        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("default-src 'none'").And.Contain("script-src 'self'").And.NotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
    }

    [Fact]
    public async Task MapResilienceDashboard_Snapshot_ReturnsTheMonitorSnapshotAsJson()
    {
        await using var host = await StartAnonymousAsync();
        host.Trip("payment-api");
        host.Registry.GetOrCreate("user-service");

        using var response = await host.Client.GetAsync(new Uri("resilience/snapshot", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var root = json.RootElement;
        root.GetProperty("timestamp").GetDateTimeOffset().Should().Be(host.Time.GetUtcNow());
        root.GetProperty("summary").GetProperty("total").GetInt32().Should().Be(2);
        root.GetProperty("summary").GetProperty("open").GetInt32().Should().Be(1);
        var payment = root.GetProperty("breakers")[0];
        payment.GetProperty("name").GetString().Should().Be("payment-api");
        payment.GetProperty("state").GetString().Should().Be("Open");
        payment.GetProperty("successRate").GetDouble().Should().Be(0);
        payment.GetProperty("healthScore").GetInt32().Should().Be(20, "open (-50), success rate under 50 % (-25), one recent open (-5)");
        payment.GetProperty("recentChanges")[0].GetProperty("to").GetString().Should().Be("Open");
        root.GetProperty("breakers")[1].GetProperty("state").GetString().Should().Be("Closed");
        root.GetProperty("alerts").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task MapResilienceDashboard_OpenLongerThanThreshold_PageAndSnapshotListTheAlert()
    {
        await using var host = await StartAnonymousAsync();
        host.Trip("payment-api");
        host.Time.Advance(TimeSpan.FromMinutes(6));

        var html = await host.Client.GetStringAsync(new Uri("resilience/fragment", UriKind.Relative));
        using var json = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("resilience/snapshot", UriKind.Relative)));

        html.Should().Contain("<li class=\"alert severity-high\" data-breaker=\"payment-api\">")
            .And.Contain("has been open for 6 min; its break is over: the next call is a probe.");
        var alert = json.RootElement.GetProperty("alerts").EnumerateArray().Single();
        alert.GetProperty("kind").GetString().Should().Be("OpenTooLong");
        alert.GetProperty("severity").GetString().Should().Be("High");
    }

    [Fact]
    public async Task MapResilienceDashboard_BreakerNamedLikeScript_IsHtmlEncodedInPageAndFragment()
    {
        await using var host = await StartAnonymousAsync();
        host.Trip(ScriptName);
        host.Time.Advance(TimeSpan.FromMinutes(6)); // the open-too-long alert repeats the name in its message

        var page = await host.Client.GetStringAsync(new Uri("resilience", UriKind.Relative));
        var fragment = await host.Client.GetStringAsync(new Uri("resilience/fragment", UriKind.Relative));
        var json = await host.Client.GetStringAsync(new Uri("resilience/snapshot", UriKind.Relative));

        foreach (var html in new[] { page, fragment })
        {
            html.Should().NotContain("<script>alert").And.NotContain("alert(1)</script>");
            html.Should().Contain("data-breaker=\"&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .And.Contain("<td class=\"name\">&lt;script&gt;alert(1)&lt;/script&gt;</td>")
                .And.Contain("Circuit breaker &lt;script&gt;alert(1)&lt;/script&gt; has been open");
        }

        page.Split("<script").Should().HaveCount(2, "the only script element is the dashboard's own");
        json.Should().NotContain("<script>", "the JSON escapes angle brackets too");
        JsonDocument.Parse(json).RootElement.GetProperty("breakers")[0].GetProperty("name").GetString().Should().Be(ScriptName);
    }

    [Fact]
    public async Task MapResilienceDashboard_TitleWithMarkup_IsHtmlEncoded()
    {
        await using var host = await DashboardHost.StartAsync(endpoints: app => app.MapResilienceDashboard("/resilience", o =>
        {
            o.AllowAnonymous = true;
            o.Title = "Ops <b>board</b>";
        }));

        var page = await host.Client.GetStringAsync(new Uri("resilience", UriKind.Relative));

        page.Should().Contain("<title>Ops &lt;b&gt;board&lt;/b&gt;</title>").And.Contain("<h1>Ops &lt;b&gt;board&lt;/b&gt;</h1>").And.NotContain("<b>");
    }

    [Fact]
    public async Task MapResilienceDashboard_WebhookSinkConfigured_NeverShowsItsAddress()
    {
        const string Secret = "T0K3N-do-not-leak";
        await using var host = await DashboardHost.StartAsync(
            resilience: r => r.AddWebhookAlertSink(new Uri($"https://hooks.example.test/services/{Secret}?token={Secret}")),
            endpoints: app => app.MapResilienceDashboard("/resilience", o => o.AllowAnonymous = true));
        host.Trip("payment-api");
        host.Time.Advance(TimeSpan.FromMinutes(6));

        var bodies = await Task.WhenAll(
            host.Client.GetStringAsync(new Uri("resilience", UriKind.Relative)),
            host.Client.GetStringAsync(new Uri("resilience/fragment", UriKind.Relative)),
            host.Client.GetStringAsync(new Uri("resilience/snapshot", UriKind.Relative)));

        bodies.Should().AllSatisfy(body => body.Should().Contain("payment-api").And.NotContain(Secret).And.NotContain("hooks.example"));
    }

    [Theory]
    [InlineData("resilience/dashboard.js", "text/javascript")]
    [InlineData("resilience/dashboard.css", "text/css")]
    public async Task MapResilienceDashboard_Assets_AreServedWithTheirContentType(string path, string mediaType)
    {
        await using var host = await StartAnonymousAsync();

        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        body.Should().Contain(path.EndsWith(".js", StringComparison.Ordinal) ? "dataset.refreshCount" : ".badge.state-open");
    }

    [Fact]
    public async Task MapResilienceDashboard_NoAuthenticationConfigured_RefusesToServeTheDashboard()
    {
        await using var host = await DashboardHost.StartAsync(endpoints: app => app.MapResilienceDashboard());
        host.Trip("payment-api");

        using var page = await host.Client.GetAsync(new Uri("resilience", UriKind.Relative));
        using var snapshot = await host.Client.GetAsync(new Uri("resilience/snapshot", UriKind.Relative));

        foreach (var response in new[] { page, snapshot })
        {
            response.IsSuccessStatusCode.Should().BeFalse("the endpoints carry authorization metadata and nothing can satisfy it");
            (await response.Content.ReadAsStringAsync()).Should().NotContain("payment-api");
        }
    }

    [Fact]
    public async Task MapResilienceDashboard_DefaultPolicy_RequiresAnAuthenticatedUser()
    {
        await using var host = await StartWithAuthenticationAsync(app => app.MapResilienceDashboard());

        using var anonymous = await host.Client.GetAsync(new Uri("resilience/snapshot", UriKind.Relative));
        using var signedIn = await SendAsUserAsync(host, "resilience/snapshot", roles: null);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        signedIn.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MapResilienceDashboard_NamedPolicy_AdmitsOnlyUsersItAccepts()
    {
        await using var host = await StartWithAuthenticationAsync(app => app.MapResilienceDashboard("/ops/resilience", o => o.AuthorizationPolicy = "ops"));

        using var anonymous = await host.Client.GetAsync(new Uri("ops/resilience", UriKind.Relative));
        using var wrongRole = await SendAsUserAsync(host, "ops/resilience", roles: "sales");
        using var operator_ = await SendAsUserAsync(host, "ops/resilience", roles: "ops");
        using var script = await SendAsUserAsync(host, "ops/resilience/dashboard.js", roles: "sales");

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wrongRole.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        script.StatusCode.Should().Be(HttpStatusCode.Forbidden, "every dashboard route carries the policy");
        operator_.StatusCode.Should().Be(HttpStatusCode.OK);
        (await operator_.Content.ReadAsStringAsync()).Should().Contain("src=\"/ops/resilience/dashboard.js\"");
    }

    [Fact]
    public async Task MapResilienceDashboard_NoMonitorRegistered_ThrowsNamingTheRegistration()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var act = () => app.MapResilienceDashboard();

        act.Should().Throw<InvalidOperationException>().WithMessage("*services.AddResilience().AddMonitoring()*");
    }

    [Theory]
    [InlineData("RefreshInterval", "00:00:00")]
    [InlineData("RecentTransitionsLimit", "0")]
    [InlineData("Title", "")]
    [InlineData("AuthorizationPolicy", " ")]
    public async Task MapResilienceDashboard_InvalidOption_ThrowsNamingTheOptionAndValue(string option, string value)
    {
        await using var app = CreateAppWithMonitor();

        var act = () => app.MapResilienceDashboard("/resilience", o =>
        {
            switch (option)
            {
                case "RefreshInterval": o.RefreshInterval = TimeSpan.Parse(value, CultureInfo.InvariantCulture); break;
                case "RecentTransitionsLimit": o.RecentTransitionsLimit = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "Title": o.Title = value; break;
                default: o.AuthorizationPolicy = value; break;
            }
        });

        act.Should().Throw<ArgumentException>().WithMessage($"*{option} *; it was *{value}*").Which.ParamName.Should().Be("configure");
    }

    [Fact]
    public async Task MapResilienceDashboard_AnonymousAndPolicyTogether_ThrowsNamingBoth()
    {
        await using var app = CreateAppWithMonitor();

        var act = () => app.MapResilienceDashboard("/resilience", o =>
        {
            o.AllowAnonymous = true;
            o.AuthorizationPolicy = "ops";
        });

        act.Should().Throw<ArgumentException>().WithMessage("*AllowAnonymous cannot be true together with AuthorizationPolicy = 'ops'*");
    }

    private static WebApplication CreateAppWithMonitor()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddResilience().AddMonitoring();
        return builder.Build();
    }

    private static Task<DashboardHost> StartAnonymousAsync() =>
        DashboardHost.StartAsync(endpoints: app => app.MapResilienceDashboard("/resilience", o => o.AllowAnonymous = true));

    private static Task<DashboardHost> StartWithAuthenticationAsync(Action<WebApplication> endpoints) =>
        DashboardHost.StartAsync(
            services: s =>
            {
                s.AddAuthentication(TestAuthenticationHandler.SchemeName)
                    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
                s.AddAuthorizationBuilder().AddPolicy("ops", p => p.RequireRole("ops"));
            },
            endpoints: endpoints);

    private static async Task<HttpResponseMessage> SendAsUserAsync(DashboardHost host, string path, string? roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Test-User", "alice");
        if (roles is not null)
        {
            request.Headers.Add("X-Test-Roles", roles);
        }

        return await host.Client.SendAsync(request);
    }
}
