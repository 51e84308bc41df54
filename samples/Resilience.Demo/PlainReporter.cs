using System.Globalization;
using Resilience.Monitoring;

namespace Resilience.Demo;

/// <summary>Without a terminal (CI, a pipe): one line per phase change, transition and new alert, and a status every 5 s.</summary>
public sealed class PlainReporter(DemoView view, TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(5);
    private readonly HashSet<(string, CircuitAlertKind)> _alertsShown = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"Resilience demo: {ServiceProfile.All.Count} services, downstream phases of {DemoView.Seconds(view.Clock.PhaseLength)}, running for {DemoView.Seconds(view.Options.Duration)}.");
        output.WriteLine($"Web dashboard: {view.DashboardUrl}");
        DownstreamPhase? phase = null;
        var nextStatus = StatusEvery;
        while (true)
        {
            var stopping = cancellationToken.IsCancellationRequested;
            if (view.Clock.Current != phase && !stopping)
            {
                phase = view.Clock.Current;
                output.WriteLine($"[{Stamp()}] downstream phase: {phase}");
            }

            foreach (var entry in view.Log.TakeUnprinted())
            {
                output.WriteLine($"[{Stamp(entry.At)}] {entry.Name}: {DemoView.Label(entry.From)} -> {DemoView.Label(entry.To)} ({entry.Reason}; downstream {entry.Phase})");
            }

            var snapshot = view.Monitor.GetDashboard();
            foreach (var alert in snapshot.Alerts)
            {
                if (_alertsShown.Add((alert.CircuitBreakerName, alert.Kind)))
                {
                    output.WriteLine($"[{Stamp()}] ALERT {alert.Severity}: {alert.Message}");
                }
            }

            if (view.Clock.Elapsed >= nextStatus || stopping)
            {
                nextStatus += StatusEvery;
                foreach (var status in snapshot.Breakers)
                {
                    var stats = view.Traffic.Stats[status.Name];
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"[{Stamp()}]   {status.Name,-14} {DemoView.Label(status.State),-9} health {status.HealthScore,3}  success {status.SuccessRate,5:0.0} %  ok {stats.Succeeded}  failed {stats.Failed}  rejected {stats.Rejected}"));
                }
            }

            if (stopping)
            {
                return;
            }

            try
            {
                await Task.Delay(Tick, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // One more round prints what happened last.
            }
        }
    }

    private string Stamp() => Stamp(view.Clock.Elapsed);

    private static string Stamp(TimeSpan at) => at.TotalSeconds.ToString("00.0", CultureInfo.InvariantCulture) + "s";
}
