using Resilience.Demo;
using Spectre.Console;

// dotnet run --project samples/Resilience.Demo [-- --duration 60 --phase 10 --port 0 --plain]
var options = DemoOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop cleanly (traffic drains, the summary prints, exit code 0). A second one ends the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

// Without a terminal (CI, a pipe) the live dashboard would be noise: print plain lines instead.
var live = !options.Plain && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
return await DemoApp.RunAsync(options, AnsiConsole.Console, Console.Out, live, cancellation.Token);
