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
    private readonly BoundedCommands _commands;
    private readonly RedisValue _instance;
    private readonly RedisValue _nonce;
    private readonly RedisValue _channelName;
    private readonly long _staleMs;
    private readonly long _leaseMs;

    /// <summary>Initializes a new instance of the <see cref="SharedCircuitProtocol"/> class.</summary>
    /// <param name="database">The Redis database.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="instanceId">The voter's id (a host: stable across restarts).</param>
    /// <param name="nonce">This process's random nonce: tells a live duplicate of the id from a restarted predecessor.</param>
    /// <param name="commands">Bounds and observes every command.</param>
    public SharedCircuitProtocol(IDatabase database, RedisCircuitSharingOptions options, string instanceId, string nonce, BoundedCommands commands)
    {
        _database = database;
        _options = options;
        _commands = commands;
        _instance = instanceId;
        _nonce = nonce;
        _channelName = RedisKeys.Channel(options.KeyPrefix).ToString();
        _staleMs = UnixTime.ToMilliseconds(options.ReportTimeToLive);
        _leaseMs = UnixTime.ToMilliseconds(options.ProbeLeaseDuration);
    }

    public async Task<SharedState> ReportAsync(RedisKeys keys, string name, SharedCircuitPolicy policy, LocalHealth health, long knownGeneration, bool firstReport, long nowMs)
    {
        RedisValue[] args =
        [
            _instance,
            nowMs,
            health.Calls,
            health.Failures,
            health.IsOpen ? 1 : 0,
            knownGeneration,
            _staleMs,
            _staleMs,
            policy.Fingerprint,
            _nonce,
            firstReport ? 1 : 0,
            _options.MinimumAgreeingInstances,
            _options.MaxInstances,
            _channelName,
            name,
            UnixTime.MaxMilliseconds,
        ];
        var result = await _commands.WaitAsync(_database.ScriptEvaluateAsync(LuaScripts.Report, keys.ReportKeys, args)).ConfigureAwait(false);
        return SharedState.Parse(result);
    }

    public async Task<SharedState> ReadAsync(RedisKeys keys)
    {
        var result = await _commands.WaitAsync(_database.ScriptEvaluateAsync(LuaScripts.Read, keys.StateKeys)).ConfigureAwait(false);
        return SharedState.Parse(result);
    }

    public async Task<string?> AcquireProbeAsync(RedisKeys keys, SharedCircuitPolicy policy, long round, long nowMs)
    {
        RedisValue[] args = [_instance, nowMs, policy.HalfOpenMaxCalls, _leaseMs, round];
        var result = await _commands.WaitAsync(_database.ScriptEvaluateAsync(LuaScripts.AcquireProbe, keys.LeaseKeys, args)).ConfigureAwait(false);
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
            UnixTime.ToMilliseconds(policy.BreakDuration),
            _channelName,
            name,
            UnixTime.MaxMilliseconds,
        ];
        var result = await _commands.WaitAsync(_database.ScriptEvaluateAsync(LuaScripts.ProbeResult, keys.ProbeResultKeys, args)).ConfigureAwait(false);
        return (ProbeVerdict)(int)result;
    }

    /// <summary>Removes this process's report of one breaker (a stopping instance no longer votes).</summary>
    /// <returns><see langword="true"/> when the report was there and is gone.</returns>
    public async Task<bool> WithdrawAsync(RedisKeys keys)
    {
        var result = await _commands.WaitAsync(_database.ScriptEvaluateAsync(LuaScripts.Withdraw, keys.WithdrawKeys, [_instance, _nonce])).ConfigureAwait(false);
        return (int)result == 1;
    }
}
