using System.Globalization;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Resilience.Demo;

/// <summary>The live terminal dashboard (Spectre.Console): each breaker's state in colour, a health bar, success rate, calls, recent transitions and active alerts.</summary>
public sealed class TerminalDashboard(DemoView view, IAnsiConsole console, TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private const int TransitionsShown = 8;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                context.UpdateTarget(Render());
                try
                {
                    await Task.Delay(Tick, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Stop: one last frame below.
                }
            }

            context.UpdateTarget(Render());
        });
    }

    private static string Colour(CircuitState state) => state switch
    {
        CircuitState.Closed => "green",
        CircuitState.HalfOpen => "yellow",
        CircuitState.Open => "red",
        _ => "mediumpurple",
    };

    private static string Colour(DownstreamPhase phase) => phase switch
    {
        DownstreamPhase.Healthy => "green",
        DownstreamPhase.Failing => "red",
        DownstreamPhase.Slow => "yellow",
        _ => "aqua",
    };

    private static string HealthBar(int score)
    {
        var filled = Math.Clamp(score / 10, 0, 10);
        var colour = score >= 80 ? "green" : score >= 50 ? "yellow" : "red";
        return $"[{colour}]{new string('█', filled)}[/][grey]{new string('░', 10 - filled)}[/] {score,3}";
    }

    private Rows Render()
    {
        var snapshot = view.Monitor.GetDashboard();
        var clock = view.Clock;
        var phase = clock.Current;
        var header = new Markup(string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]Resilience demo[/]  downstream: [bold {Colour(phase)}]{phase}[/] (next phase in {clock.UntilNextPhase.TotalSeconds:0} s)   " +
            $"{clock.Elapsed.TotalSeconds:0} s of {view.Options.Duration.TotalSeconds:0} s   [dim]Ctrl+C stops[/]\n" +
            $"Web dashboard: [link]{Markup.Escape(view.DashboardUrl.ToString())}[/]"));
        return new Rows(header, Breakers(snapshot), Alerts(snapshot), Transitions());
    }

    private Table Breakers(DashboardSnapshot snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand()
            .AddColumn("Breaker").AddColumn("State").AddColumn("Health").AddColumn(new TableColumn("Success").RightAligned())
            .AddColumn(new TableColumn("OK").RightAligned()).AddColumn(new TableColumn("Failed").RightAligned())
            .AddColumn(new TableColumn("Rejected").RightAligned());
        foreach (var profile in ServiceProfile.All)
        {
            var status = snapshot.Breakers.FirstOrDefault(b => b.Name == profile.Name);
            var stats = view.Traffic.Stats[profile.Name];
            var state = status?.State ?? CircuitState.Closed;
            table.AddRow(
                string.Create(CultureInfo.InvariantCulture, $"{Markup.Escape(profile.Name)}\n[dim]{profile.FailureThreshold} fails, {profile.BreakDuration.TotalSeconds:0} s break[/]"),
                $"[bold {Colour(state)}]{DemoView.Label(state)}[/]",
                HealthBar(status?.HealthScore ?? 100),
                string.Create(CultureInfo.InvariantCulture, $"{status?.SuccessRate ?? 100:0.0} %"),
                stats.Succeeded.ToString(CultureInfo.InvariantCulture),
                stats.Failed.ToString(CultureInfo.InvariantCulture),
                stats.Rejected.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private Panel Transitions()
    {
        var recent = view.Log.Entries.Reverse().Take(TransitionsShown).ToList();
        var table = new Table().Border(TableBorder.None).HideHeaders().AddColumn("At").AddColumn("Breaker").AddColumn("Transition");
        foreach (var entry in recent)
        {
            table.AddRow(
                DemoView.Seconds(entry.At),
                Markup.Escape(entry.Name),
                $"[{Colour(entry.From)}]{DemoView.Label(entry.From)}[/] → [{Colour(entry.To)}]{DemoView.Label(entry.To)}[/] [dim]{Markup.Escape(entry.Reason)}[/]");
        }

        return new Panel(recent.Count == 0 ? new Markup("[dim]none yet[/]") : table).Header("Recent transitions").Expand();
    }

    private static Panel Alerts(DashboardSnapshot snapshot)
    {
        IRenderable body = snapshot.Alerts.Count == 0
            ? new Markup("[dim]none[/]")
            : new Rows(snapshot.Alerts.Select(a => new Markup(
                $"[bold {(a.Severity == AlertSeverity.High ? "red" : a.Severity == AlertSeverity.Medium ? "yellow" : "orange1")}]{a.Severity}[/] {Markup.Escape(a.Message)}")));
        return new Panel(body).Header("Active alerts").Expand();
    }
}
