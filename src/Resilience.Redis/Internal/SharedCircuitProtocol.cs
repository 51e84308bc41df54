using System.Globalization;
using StackExchange.Redis;

namespace Resilience.Redis.Internal;

/// <summary>
/// The client side of the protocol: one Lua script per operation, each bounded by the Redis timeout.
/// Thread-safe (stateless apart from its configuration).
/// </summary>
internal sealed class SharedCircuitProtocol
{
    private readonly IDatabase _database;
    private readonly RedisCircuitSharingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisValue _instance;
    private readonly RedisValue _channelName;

    public SharedCircuitProtocol(IDatabase database, RedisCircuitSharingOptions options, string instanceId, TimeProvider timeProvider)
    {
        _database = database;
        _options = options;
        _timeProvider = timeProvider;
        _instance = instanceId;
        _channelName = RedisKeys.Channel(options.KeyPrefix).ToString();
    }

    public async Task<SharedState> ReportAsync(RedisKeys keys, string name, SharedCircuitPolicy policy, LocalHealth health, long knownGeneration, long nowMs)
    {
        RedisValue[] args =
        [
            _instance,
            nowMs,
            health.Calls,
            health.Failures,
            health.IsOpen ? 1 : 0,
            knownGeneration,
            (long)_options.ReportTimeToLive.TotalMilliseconds,
            (long)_options.ReportTimeToLive.TotalMilliseconds,
            policy.FailureRatio.ToString("R", CultureInfo.InvariantCulture),
            policy.MinimumThroughput,
            _options.MinimumAgreeingInstances,
            (long)policy.BreakDuration.TotalMilliseconds,
            _options.MaxInstances,
            _channelName,
            name,
        ];
        var result = await BoundAsync(_database.ScriptEvaluateAsync(LuaScripts.Report, keys.ReportKeys, args)).ConfigureAwait(false);
        return SharedState.Parse(result);
    }

    public async Task<SharedState> ReadAsync(RedisKeys keys)
    {
        var result = await BoundAsync(_database.ScriptEvaluateAsync(LuaScripts.Read, keys.StateKeys)).ConfigureAwait(false);
        return SharedState.Parse(result);
    }

    public async Task<string?> AcquireProbeAsync(RedisKeys keys, SharedCircuitPolicy policy, long round, long nowMs)
    {
        RedisValue[] args = [_instance, nowMs, policy.HalfOpenMaxCalls, (long)_options.ProbeLeaseDuration.TotalMilliseconds, round];
        var result = await BoundAsync(_database.ScriptEvaluateAsync(LuaScripts.AcquireProbe, keys.LeaseKeys, args)).ConfigureAwait(false);
        var lease = (string?)result;
        return string.IsNullOrEmpty(lease) ? null : lease;
    }

    public async Task<ProbeVerdict> ReportProbeAsync(RedisKeys keys, string name, SharedCircuitPolicy policy, string lease, long round, bool success, long nowMs)
    {
        RedisValue[] args =
        [
            lease,
            round,
            success ? 1 : 0,
            nowMs,
            policy.SuccessThreshold,
            (long)policy.BreakDuration.TotalMilliseconds,
            _channelName,
            name,
        ];
        var result = await BoundAsync(_database.ScriptEvaluateAsync(LuaScripts.ProbeResult, keys.ProbeResultKeys, args)).ConfigureAwait(false);
        return (ProbeVerdict)(int)result;
    }

    // Perf: not on the call path. A slow Redis must not stall the loop: the wait gives up after the timeout
    // (the command itself may still complete later; its answer is then simply not used).
    private Task<RedisResult> BoundAsync(Task<RedisResult> command) => command.WaitAsync(_options.RedisTimeout, _timeProvider);
}
