using StackExchange.Redis;

namespace Resilience.Redis.Internal;

/// <summary>The keys of one shared breaker. All share the hash tag <c>{prefix:name}</c>, so they live in one cluster slot.</summary>
internal sealed class RedisKeys
{
    public RedisKeys(string prefix, string name)
    {
        var tag = "{" + prefix + ":" + name + "}";
        Reports = tag + ":reports";
        State = tag + ":state";
        Leases = tag + ":leases";
        ReportKeys = [Reports, State, Leases];
        StateKeys = [State];
        LeaseKeys = [State, Leases];
        ProbeResultKeys = [State, Leases, Reports];
        WithdrawKeys = [Reports];
    }

    public RedisKey Reports { get; }

    public RedisKey State { get; }

    public RedisKey Leases { get; }

    public RedisKey[] ReportKeys { get; }

    public RedisKey[] StateKeys { get; }

    public RedisKey[] LeaseKeys { get; }

    public RedisKey[] ProbeResultKeys { get; }

    public RedisKey[] WithdrawKeys { get; }

    /// <summary>The pub/sub channel every instance of a prefix listens on; messages carry the breaker name.</summary>
    public static RedisChannel Channel(string prefix) => RedisChannel.Literal(prefix + ":events");
}
