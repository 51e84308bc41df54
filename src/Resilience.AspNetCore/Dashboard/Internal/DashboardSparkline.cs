using System.Globalization;
using System.Text;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>
/// Draws a breaker's recent past as inline SVG (markup, no script, so the strict Content-Security-Policy holds): a band
/// coloured by state along the bottom and the success rate as a line above it, the newest sample at the right edge.
/// Colours come from the style sheet's <c>spark-*</c> classes.
/// </summary>
internal static class DashboardSparkline
{
    private const int Width = 120;
    private const int Height = 28;
    private const int BandHeight = 6;
    private const int RateTop = 2;
    private const int RateBottom = Height - BandHeight - 3;
    private const double Step = (double)Width / DashboardConstants.HistorySamples;

    /// <summary>Appends the sparkline of <paramref name="samples"/> (oldest first) for the breaker <paramref name="name"/>.</summary>
    public static StringBuilder Sparkline(this StringBuilder html, string name, DashboardSample[] samples, TimeSpan span)
    {
        var spanText = Monitoring.HumanDuration.Format(span);
        html.Append("<svg class=\"spark\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" width=\"").Append(Width)
            .Append("\" height=\"").Append(Height).Append("\" role=\"img\" data-samples=\"").Append(samples.Length)
            .Append("\" aria-label=\"").Encoded(name).Append(": state and success rate over the last ").Append(spanText).Append("\">");
        html.Append("<title>").Encoded(name).Append(": state and success rate over the last ").Append(spanText).Append("</title>");
        if (samples.Length == 0)
        {
            html.Append("<rect class=\"spark-empty\" x=\"0\" y=\"").Append(Height - BandHeight).Append("\" width=\"").Append(Width)
                .Append("\" height=\"").Append(BandHeight).Append("\"/></svg>");
            return html;
        }

        // The newest sample ends at the right edge; each sample is one step wide.
        var first = DashboardConstants.HistorySamples - samples.Length;
        for (var start = 0; start < samples.Length;)
        {
            var end = start + 1;
            while (end < samples.Length && samples[end].State == samples[start].State)
            {
                end++;
            }

            html.Append("<rect class=\"spark-state-").Append(DashboardHtml.CssName(samples[start].State)).Append("\" x=\"").Coordinate((first + start) * Step)
                .Append("\" y=\"").Append(Height - BandHeight).Append("\" width=\"").Coordinate((end - start) * Step)
                .Append("\" height=\"").Append(BandHeight).Append("\"/>");
            start = end;
        }

        html.Append("<polyline class=\"spark-rate\" points=\"");
        for (var i = 0; i < samples.Length; i++)
        {
            var rate = Math.Clamp(samples[i].SuccessRate, 0, 100);
            html.Append(i == 0 ? string.Empty : " ").Coordinate(((first + i) * Step) + (Step / 2)).Append(',')
                .Coordinate(RateBottom - ((RateBottom - RateTop) * rate / 100));
        }

        return html.Append("\"/></svg>");
    }

    private static StringBuilder Coordinate(this StringBuilder html, double value) =>
        html.Append(value.ToString("0.##", CultureInfo.InvariantCulture));
}
