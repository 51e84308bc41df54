using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>
/// Small HTML-writing helpers: every piece of data goes through <see cref="HtmlEncoder"/>, so a breaker named
/// <c>&lt;script&gt;</c> is shown as text. Only the fixed markup of this assembly is appended raw.
/// </summary>
internal static class DashboardHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    /// <summary>Appends <paramref name="value"/> encoded for an element's content or a quoted attribute.</summary>
    public static StringBuilder Encoded(this StringBuilder html, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            html.Append(Encoder.Encode(value));
        }

        return html;
    }

    /// <summary>Appends a number formatted with the invariant culture (it needs no encoding).</summary>
    public static StringBuilder Number(this StringBuilder html, double value, string format) =>
        html.Append(value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>The CSS class suffix of a state, from a fixed set.</summary>
    public static string CssName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.HalfOpen => "half-open",
        CircuitState.Open => "open",
        CircuitState.Isolated => "isolated",
        _ => "unknown",
    };

    /// <summary>The label shown for a state.</summary>
    public static string Label(CircuitState state) => state switch
    {
        CircuitState.Closed => "Closed",
        CircuitState.HalfOpen => "Half-open",
        CircuitState.Open => "Open",
        CircuitState.Isolated => "Isolated",
        _ => "Unknown",
    };

    /// <summary>Appends a coloured state badge.</summary>
    public static StringBuilder StateBadge(this StringBuilder html, CircuitState state) =>
        html.Append("<span class=\"badge state-").Append(CssName(state)).Append("\">").Append(Label(state)).Append("</span>");

    /// <summary>Appends a <c>time</c> element: the machine-readable instant and a human-readable text.</summary>
    public static StringBuilder Time(this StringBuilder html, DateTimeOffset instant, DateTimeOffset now)
    {
        html.Append("<time datetime=\"").Append(instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
            .Append("\" title=\"").Append(FormatUtc(instant)).Append("\">").Append(Ago(now - instant)).Append("</time>");
        return html;
    }

    /// <summary>Formats an instant as <c>yyyy-MM-dd HH:mm:ss UTC</c>.</summary>
    public static string FormatUtc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Formats an age for people: "8.4 s ago", "5 min 12 s ago", "2 h 3 min ago".</summary>
    public static string Ago(TimeSpan age) => HumanDuration.Format(age) + " ago";
}
