// Native AOT smoke (.ci/run publishes this with PublishAot and runs the binary): a circuit breaker around HttpClient
// calls, then the standard HTTP preset bound from configuration, both against a loopback server. Exits 1 on any wrong
// outcome, so a trimmed-away member or a reflection path that AOT breaks fails CI, not a user.
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Resilience.AotSmoke;
using Resilience.CircuitBreaking;

var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    failures += ok ? 0 : 1;
}

// "/down" always answers 503; "/flaky" answers 503 twice, then 200; anything else 200.
await using var server = new LoopbackServer(static (path, earlier) => path switch
{
    "/down" or "/preset/down" => HttpStatusCode.ServiceUnavailable,
    "/flaky" when earlier < 2 => HttpStatusCode.ServiceUnavailable,
    _ => HttpStatusCode.OK,
});

// 1. Resilience.Core: a breaker around plain HttpClient calls opens after two failures and rejects the third call
//    without sending it.
using (var plain = new HttpClient { BaseAddress = server.BaseAddress })
{
    var breaker = new CircuitBreaker("aot-smoke", new CircuitBreakerOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromMinutes(1) });
    for (var i = 1; i <= 2; i++)
    {
        try
        {
            await breaker.ExecuteAsync(async ct => (await plain.GetAsync("down", ct)).EnsureSuccessStatusCode());
            Check(false, $"breaker call {i}: succeeded against a 503");
        }
        catch (HttpRequestException e)
        {
            Check(e.StatusCode == HttpStatusCode.ServiceUnavailable, $"breaker call {i}: failed with {e.StatusCode}");
        }
    }

    Check(breaker.State == CircuitState.Open, $"breaker state after two failures: {breaker.State}");
    try
    {
        await breaker.ExecuteAsync(async ct => (await plain.GetAsync("down", ct)).EnsureSuccessStatusCode());
        Check(false, "breaker call 3: ran although the circuit is open");
    }
    catch (CircuitOpenException e)
    {
        Check(e.BreakerName == "aot-smoke" && e.RetryAfter > TimeSpan.Zero, $"breaker call 3: rejected by {e.BreakerName} ({e.State}), retry after {e.RetryAfter?.TotalSeconds:0} s");
    }

    Check(server.RequestCount("/down") == 2, $"requests sent through the breaker: {server.RequestCount("/down")} (the rejected one never left)");
}

// 2. Resilience.Http: the standard preset (total timeout, retry, breaker, attempt timeout), its options bound from
//    configuration by the source-generated binder.
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Resilience:Http:smoke:Retry:MaxAttempts"] = "3",
    ["Resilience:Http:smoke:Retry:BaseDelay"] = "00:00:00",
    ["Resilience:Http:smoke:CircuitBreaker:FailureThreshold"] = "3",
    ["Resilience:Http:smoke:CircuitBreaker:BreakDuration"] = "00:01:00",
}).Build();
var services = new ServiceCollection();
services.AddHttpClient("smoke", c => c.BaseAddress = server.BaseAddress)
    .AddStandardResilience(configuration.GetSection("Resilience:Http:smoke"));
await using (var provider = services.BuildServiceProvider())
{
    using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("smoke");

    using (var flaky = await client.GetAsync("flaky"))
    {
        Check(flaky.StatusCode == HttpStatusCode.OK, $"preset GET /flaky: {(int)flaky.StatusCode} after {server.RequestCount("/flaky")} attempts");
        Check(server.RequestCount("/flaky") == 3, "the preset retried the two 503s");
    }

    // Three failed attempts of one call reach the breaker's threshold of 3; the caller sees the last 503.
    using (var down = await client.GetAsync("preset/down"))
    {
        Check(down.StatusCode == HttpStatusCode.ServiceUnavailable, $"preset GET /preset/down: {(int)down.StatusCode} after {server.RequestCount("/preset/down")} attempts");
    }

    try
    {
        using var rejected = await client.GetAsync("preset/down");
        Check(false, $"preset GET /preset/down again: {(int)rejected.StatusCode}, although the client's circuit is open");
    }
    catch (CircuitOpenException e)
    {
        Check(e.State == CircuitState.Open, $"preset GET /preset/down again: rejected by {e.BreakerName} ({e.State})");
    }

    Check(server.RequestCount("/preset/down") == 3, $"requests sent by the preset to /preset/down: {server.RequestCount("/preset/down")}");
}

Console.WriteLine(failures == 0 ? "AOT SMOKE OK" : $"AOT SMOKE FAILED: {failures} wrong outcome(s)");
return failures == 0 ? 0 : 1;
