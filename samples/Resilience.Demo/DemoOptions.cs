using System.Globalization;

namespace Resilience.Demo;

/// <summary>The command line: <c>--duration</c>, <c>--phase</c>, <c>--port</c>, <c>--plain</c>.</summary>
public sealed record DemoOptions(TimeSpan Duration, TimeSpan Phase, int Port, bool Plain)
{
    public const string Usage = """
        Usage: dotnet run --project samples/Resilience.Demo [-- options]
          --duration <time>  how long to run: seconds (60), "90s" or "00:01:30"; default 60 s
          --phase <time>     how long each downstream phase lasts; default duration / 6, between 2 and 10 s
          --port <n>         the web dashboard's port on 127.0.0.1; default 0 (a free port)
          --plain            print plain lines instead of the live terminal dashboard (automatic without a terminal)
        """;

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);

    /// <summary>Parses the arguments; returns <see langword="null"/> and an error (or the usage for --help) when they are wrong.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var duration = DefaultDuration;
        TimeSpan? phase = null;
        var port = 0;
        var plain = false;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                error = Usage;
                return null;
            }

            if (name == "--plain")
            {
                plain = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.\n{Usage}";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--duration" when TryParseTime(value, out var d) && d > TimeSpan.Zero:
                    duration = d;
                    break;
                case "--phase" when TryParseTime(value, out var p) && p >= TimeSpan.FromSeconds(1):
                    phase = p;
                    break;
                case "--port" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 65535:
                    port = n;
                    break;
                default:
                    error = $"Unknown option or bad value: {name} {value}\n{Usage}";
                    return null;
            }
        }

        var defaultPhase = TimeSpan.FromTicks(Math.Clamp(duration.Ticks / 6, TimeSpan.FromSeconds(2).Ticks, TimeSpan.FromSeconds(10).Ticks));
        return new DemoOptions(duration, phase ?? defaultPhase, port, plain);
    }

    private static bool TryParseTime(string value, out TimeSpan time)
    {
        var seconds = value.EndsWith('s') ? value[..^1] : value;
        if (double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is > 0 and < 86_400)
        {
            time = TimeSpan.FromSeconds(s);
            return true;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out time);
    }
}
