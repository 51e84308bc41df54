namespace Resilience.Redis.Internal;

/// <summary>
/// The Lua scripts of the shared-circuit protocol. Each runs atomically on the Redis server, so concurrent
/// instances can never lose each other's reports or both win the same probe slot.
/// </summary>
/// <remarks>
/// Keys of one breaker share a hash tag (<c>{prefix:name}</c>) so a Redis Cluster keeps them in one slot.
/// State hash fields: <c>gen</c> (bumped each time the shared circuit closes, so reports from an older
/// generation are ignored), <c>open</c> (0/1), <c>until</c> (break end, Unix ms), <c>round</c> (bumped on every
/// open or reopen; probe leases belong to one round), <c>succ</c> (successful probes this round), <c>seq</c>.
/// A report is <c>calls:failures:localOpen:gen:timestampMs</c>.
/// </remarks>
internal static class LuaScripts
{
    /// <summary>
    /// Stores one instance's report, drops stale ones, decides, and returns <c>{gen, open, until, round}</c>.
    /// KEYS: reports, state, leases. ARGV: instance, nowMs, calls, failures, localOpen, knownGen, staleMs,
    /// keyTtlMs, failureRatio, minimumThroughput, minimumAgreeing, breakMs, maxInstances, channel, name.
    /// </summary>
    public const string Report = """
        local now = tonumber(ARGV[2])
        local st = redis.call('HMGET', KEYS[2], 'gen', 'open', 'until', 'round')
        local gen = tonumber(st[1] or '0')
        local open = st[2] == '1'
        local untilMs = tonumber(st[3] or '0')
        local round = tonumber(st[4] or '0')
        local known = tonumber(ARGV[6])
        local ttl = tonumber(ARGV[8])
        if (not open) and (known == gen or known < 0) then
          if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[13]) then
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ':' .. ARGV[4] .. ':' .. ARGV[5] .. ':' .. gen .. ':' .. ARGV[2])
          end
          redis.call('PEXPIRE', KEYS[1], ttl)
          local all = redis.call('HGETALL', KEYS[1])
          local oldest = now - tonumber(ARGV[7])
          local ratio = tonumber(ARGV[9])
          local minTp = tonumber(ARGV[10])
          local minAgree = tonumber(ARGV[11])
          local n, failing, sumC, sumF, worstC, worstF = 0, 0, 0, 0, 0, -1
          for i = 1, #all, 2 do
            local c, f, s, g, t = string.match(all[i + 1], '^(%d+):(%d+):(%d):(%d+):(%d+)$')
            if c == nil or tonumber(t) < oldest or tonumber(g) ~= gen then
              redis.call('HDEL', KEYS[1], all[i])
            else
              c = tonumber(c)
              f = tonumber(f)
              n = n + 1
              sumC = sumC + c
              sumF = sumF + f
              if s ~= '0' or (c > 0 and c >= minTp and f >= ratio * c) then
                failing = failing + 1
              end
              if f > worstF then
                worstF = f
                worstC = c
              end
            end
          end
          local trip = failing >= minAgree and failing * 2 > n
          if not trip and n >= minAgree then
            local restC = sumC - worstC
            local restF = sumF - worstF
            trip = restC > 0 and restC >= minTp and restF >= ratio * restC
          end
          if trip then
            open = true
            round = round + 1
            untilMs = now + tonumber(ARGV[12])
            redis.call('HSET', KEYS[2], 'gen', gen, 'open', 1, 'until', untilMs, 'round', round, 'succ', 0)
            redis.call('DEL', KEYS[3])
            redis.call('PUBLISH', ARGV[14], ARGV[15])
          end
        end
        if redis.call('EXISTS', KEYS[2]) == 1 then
          local keep = ttl
          if open and untilMs > now then keep = keep + (untilMs - now) end
          redis.call('PEXPIRE', KEYS[2], keep)
        end
        return {gen, open and 1 or 0, untilMs, round}
        """;

    /// <summary>
    /// Reads the shared state without reporting: returns <c>{gen, open, until, round}</c>. KEYS: state.
    /// </summary>
    public const string Read = """
        local st = redis.call('HMGET', KEYS[1], 'gen', 'open', 'until', 'round')
        return {tonumber(st[1] or '0'), st[2] == '1' and 1 or 0, tonumber(st[3] or '0'), tonumber(st[4] or '0')}
        """;

    /// <summary>
    /// Grants a half-open probe lease when the shared break is over and fewer than the allowed probes are out
    /// or have succeeded this round. Returns the lease id, or an empty string.
    /// KEYS: state, leases. ARGV: instance, nowMs, maxProbes, leaseMs, round.
    /// </summary>
    public const string AcquireProbe = """
        local st = redis.call('HMGET', KEYS[1], 'open', 'until', 'round', 'succ')
        local now = tonumber(ARGV[2])
        if st[1] ~= '1' or tonumber(st[3] or '0') ~= tonumber(ARGV[5]) or now < tonumber(st[2] or '0') then
          return ''
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        if redis.call('ZCARD', KEYS[2]) + tonumber(st[4] or '0') >= tonumber(ARGV[3]) then
          return ''
        end
        local id = ARGV[1] .. '#' .. redis.call('HINCRBY', KEYS[1], 'seq', 1)
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), id)
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        return id
        """;

    /// <summary>
    /// Records a probe's outcome: enough successes close the shared circuit (next generation, reports cleared);
    /// a failure reopens it for another break. A lease that expired or belongs to another round is ignored.
    /// Returns 0 ignored, 1 counted, 2 closed, 3 reopened.
    /// KEYS: state, leases, reports. ARGV: lease, round, success (1/0), nowMs, successThreshold, breakMs, channel, name.
    /// </summary>
    public const string ProbeResult = """
        local st = redis.call('HMGET', KEYS[1], 'open', 'round', 'gen')
        if st[1] ~= '1' or tonumber(st[2] or '0') ~= tonumber(ARGV[2]) then
          return 0
        end
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then
          return 0
        end
        if ARGV[3] == '1' then
          if redis.call('HINCRBY', KEYS[1], 'succ', 1) < tonumber(ARGV[5]) then
            return 1
          end
          redis.call('HSET', KEYS[1], 'gen', tonumber(st[3] or '0') + 1, 'open', 0, 'until', 0, 'succ', 0)
          redis.call('DEL', KEYS[2], KEYS[3])
          redis.call('PUBLISH', ARGV[7], ARGV[8])
          return 2
        end
        local untilMs = tonumber(ARGV[4]) + tonumber(ARGV[6])
        redis.call('HSET', KEYS[1], 'until', untilMs, 'round', tonumber(st[2]) + 1, 'succ', 0)
        redis.call('DEL', KEYS[2])
        redis.call('PUBLISH', ARGV[7], ARGV[8])
        return 3
        """;
}
