// One service instance for the cross-process fleet tests. Arguments (all required unless marked): --redis endpoint,
// --prefix key prefix, --id instance id ("default" for the library's default identity), --downstream URL, --start Unix ms
// of the fleet's shared virtual clock, --ratio / --throughput (optional: the breaker's FailureRatio and MinimumThroughput).
// Commands arrive on stdin, one per line; each gets exactly one answer line on stdout. Any exception other than the
// downstream's failure or the breaker's rejection ends the process, which the test sees as a failure.
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Resilience.CircuitBreaking;
using Resilience.Redis;
using StackExchange.Redis;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

var redis = ConfigurationOptions.Parse(options["redis"]);
redis.AbortOnConnectFail = false;
redis.BacklogPolicy = BacklogPolicy.FailFast;
var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(options["start"], CultureInfo.InvariantCulture)));
await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
var breaker = new CircuitBreaker(
    "payments",
    new CircuitBreakerOptions
    {
        TripPolicy = CircuitBreakerTripPolicy.FailureRatio,
        FailureRatio = double.Parse(options.GetValueOrDefault("ratio", "0.5"), CultureInfo.InvariantCulture),
        MinimumThroughput = int.Parse(options.GetValueOrDefault("throughput", "10"), CultureInfo.InvariantCulture),
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(10),
        HalfOpenMaxCalls = 2,
        SuccessThreshold = 2,
    },
    time);
await using var sharing = new RedisCircuitSharing(
    connection,
    new RedisCircuitSharingOptions
    {
        KeyPrefix = options["prefix"],
        InstanceId = options["id"] == "default" ? null : options["id"],

        // The test drives rounds ("tick"); virtual time jumps stay below the timer period and the Redis timeout.
        ReportInterval = TimeSpan.FromMinutes(1),
        ReportTimeToLive = TimeSpan.FromMinutes(2),
        RedisTimeout = TimeSpan.FromSeconds(30),
    },
    time);
using var shared = sharing.Attach(breaker);
var health = new RedisCircuitSharingHealthCheck(sharing);
using var http = new HttpClient { BaseAddress = new Uri(options["downstream"]) };

Console.WriteLine("ready " + sharing.InstanceId);
while (Console.ReadLine() is { } line)
{
    var parts = line.Split(' ');
    switch (parts[0])
    {
        case "call":
            int ok = 0, failed = 0, rejected = 0;
            for (var i = int.Parse(parts[1], CultureInfo.InvariantCulture); i > 0; i--)
            {
                try
                {
                    await breaker.ExecuteAsync(
                        static async (client, ct) =>
                        {
                            using var response = await client.GetAsync(new Uri("/", UriKind.Relative), ct);
                            response.EnsureSuccessStatusCode();
                        },
                        http);
                    ok++;
                }
                catch (CircuitOpenException)
                {
                    rejected++;
                }
                catch (HttpRequestException)
                {
                    failed++;
                }
            }

            Console.WriteLine($"ok={ok} failed={failed} rejected={rejected}");
            break;
        case "tick":
            Console.WriteLine(await sharing.TickAsync() ? "tick ok" : "tick local");
            break;
        case "advance":
            time.Advance(TimeSpan.FromMilliseconds(int.Parse(parts[1], CultureInfo.InvariantCulture)));
            Console.WriteLine("advanced");
            break;
        case "await":
            // Wait for the background loop (pub/sub wake-ups) with a bounded number of awaited Redis round trips.
            var wanted = Enum.Parse<CircuitState>(parts[1]);
            var wantedShared = Enum.Parse<SharedCircuitStatus>(parts[2]);
            for (var i = 0; i < 5000 && (breaker.State != wanted || shared.Status != wantedShared); i++)
            {
                await connection.GetDatabase().PingAsync();
            }

            Console.WriteLine($"{breaker.State} {shared.Status}");
            break;
        case "state":
            Console.WriteLine($"{breaker.State} {shared.Status}");
            break;
        case "health":
            var result = await health.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("sharing", health, HealthStatus.Unhealthy, null) });
            Console.WriteLine($"{result.Status} mismatched={string.Join(',', (string[])result.Data["mismatched_options"])} duplicate={result.Data["duplicate_instance_id"]}");
            break;
        case "quit":
            return 0;
        default:
            Console.WriteLine("unknown " + parts[0]);
            break;
    }
}

return 0;
