using System.Text;
using Microsoft.AspNetCore.Http;
using Resilience.Monitoring;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>The request handlers of one mapped dashboard. Thread-safe: the monitor is, and the options are a private copy.</summary>
internal sealed class DashboardEndpoints(CircuitBreakerMonitor monitor, ResilienceDashboardOptions options, DashboardHistory history)
{
    public Task PageAsync(HttpContext context)
    {
        var basePath = (context.Request.PathBase + context.Request.Path).Value?.TrimEnd('/') ?? string.Empty;
        var response = context.Response;
        NoStore(response);
        response.Headers.ContentSecurityPolicy = DashboardConstants.ContentSecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        return WriteAsync(response, "text/html; charset=utf-8", DashboardPage.Render(monitor.GetDashboard(), options, history, basePath));
    }

    public Task FragmentAsync(HttpContext context)
    {
        NoStore(context.Response);
        return WriteAsync(context.Response, "text/html; charset=utf-8", DashboardFragment.Render(monitor.GetDashboard(), options, history));
    }

    public Task SnapshotAsync(HttpContext context)
    {
        NoStore(context.Response);
        return context.Response.WriteAsJsonAsync(monitor.GetDashboard(), DashboardJsonContext.Default.DashboardSnapshot, "application/json; charset=utf-8", context.RequestAborted);
    }

    public static Task ScriptAsync(HttpContext context) => AssetAsync(context, "text/javascript; charset=utf-8", DashboardAssets.Script);

    public static Task StyleAsync(HttpContext context) => AssetAsync(context, "text/css; charset=utf-8", DashboardAssets.Style);

    private static Task AssetAsync(HttpContext context, string contentType, byte[] content)
    {
        var response = context.Response;
        response.Headers.CacheControl = "private, max-age=300";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        return response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static Task WriteAsync(HttpResponse response, string contentType, string body)
    {
        response.ContentType = contentType;
        return response.WriteAsync(body, Encoding.UTF8, response.HttpContext.RequestAborted);
    }
}
