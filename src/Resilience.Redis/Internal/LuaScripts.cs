namespace Resilience.Redis.Internal;

/// <summary>
/// The Lua scripts of the shared-circuit protocol. Each runs atomically on the Redis server, so concurrent
/// instances can never lose each other's reports or both win the same probe slot.
/// </summary>
/// <remarks>
/// <para>Keys of one breaker share a hash tag (<c>{prefix:name}</c>) so a Redis Cluster keeps them in one slot.
/// State hash fields: <c>gen</c> (bumped each time the shared circuit closes, so reports from an older
/// generation are ignored), <c>open</c> (0/1), <c>until</c> (break end, Unix ms), <c>round</c> (bumped on every
/// open or reopen; probe leases belong to one round), <c>succ</c> (successful probes this round), <c>seq</c>, and
/// the fleet policy the circuit opened with: <c>fp</c> (its fingerprint), <c>probes</c>, <c>need</c>, <c>brk</c>.</para>
/// <para>A report is <c>calls:failures:localOpen:gen:timestampMs:nonce:fingerprint</c>, one hash field per
/// instance id (a host), so a restarted process overwrites its predecessor's report instead of adding a vote. The
/// fingerprint is <c>ratio/throughput/breakMs/probes/successes</c> (<see cref="SharedCircuitPolicy.Fingerprint"/>).</para>
/// <para>Numbers written back to Redis go through <c>int()</c>: Lua prints large numbers in exponent form otherwise.</para>
/// </remarks>
internal static class LuaScripts
{
    /// <summary>
    /// Stores one instance's report, drops stale ones, decides, and returns <c>{gen, open, until, round, fleetFingerprint, duplicate}</c>
    /// (<c>fleetFingerprint</c> empty and <c>duplicate</c> -1 when the report was not stored: circuit open or old generation).
    /// KEYS: reports, state, leases. ARGV: instance, nowMs, calls, failures, localOpen, knownGen, staleMs, keyTtlMs,
    /// fingerprint, nonce, firstReport (1/0), minimumAgreeing, maxInstances, channel, name, maxUntilMs.
    /// </summary>
    /// <remarks>
    /// Voting: each report's evidence is judged by the thresholds in its own fingerprint. The fleet policy is the
    /// fingerprint most reports carry (a tie goes to the more lenient one: higher throughput, then higher ratio,
    /// then shorter break); only reports with it are summed, with its thresholds, and an opening uses its break,
    /// probes and successes, so an instance with other options can neither set the fleet's thresholds nor add its evidence.
    /// </remarks>
    public const string Report = """
        local function int(x) return string.format('%.0f', x) end
        local function policy(fp)
          local r, t, b, p, s = string.match(fp, '^([^/]+)/(%d+)/(%d+)/(%d+)/(%d+)$')
          r = tonumber(r)
          if r == nil then return nil end
          return {ratio = r, minTp = tonumber(t), breakMs = tonumber(b), probes = tonumber(p), succ = tonumber(s)}
        end
        local function lenient(a, pa, b, pb)
          if pa.minTp ~= pb.minTp then return pa.minTp > pb.minTp end
          if pa.ratio ~= pb.ratio then return pa.ratio > pb.ratio end
          if pa.breakMs ~= pb.breakMs then return pa.breakMs < pb.breakMs end
          return a < b
        end
        local now = tonumber(ARGV[2])
        local st = redis.call('HMGET', KEYS[2], 'gen', 'open', 'until', 'round', 'fp')
        local gen = tonumber(st[1] or '0')
        local open = st[2] == '1'
        local untilMs = tonumber(st[3] or '0')
        local round = tonumber(st[4] or '0')
        local fleet = ''
        local dup = -1
        if open then fleet = st[5] or '' end
        local known = tonumber(ARGV[6])
        local ttl = tonumber(ARGV[8])
        if (not open) and (known == gen or known < 0) then
          dup = 0
          local prev = redis.call('HGET', KEYS[1], ARGV[1])
          if prev and ARGV[11] == '0' and string.match(prev, '^[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:([^:]*):') ~= ARGV[10] then
            -- Another live process wrote under this id since our last report: both count as one voter.
            dup = 1
          end
          if prev or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[13]) then
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ':' .. ARGV[4] .. ':' .. ARGV[5] .. ':' .. gen .. ':' .. ARGV[2] .. ':' .. ARGV[10] .. ':' .. ARGV[9])
          end
          redis.call('PEXPIRE', KEYS[1], ttl)
          local all = redis.call('HGETALL', KEYS[1])
          local oldest = now - tonumber(ARGV[7])
          local minAgree = tonumber(ARGV[12])
          local policies, counts, live = {}, {}, {}
          local n, failing = 0, 0
          for i = 1, #all, 2 do
            local c, f, s, g, t, fp = string.match(all[i + 1], '^(%d+):(%d+):(%d):(%d+):(%d+):[^:]*:([^:]+)$')
            local p = nil
            if fp ~= nil then p = policies[fp] or policy(fp) end
            if p == nil or tonumber(t) < oldest or tonumber(g) ~= gen then
              redis.call('HDEL', KEYS[1], all[i])
            else
              c = tonumber(c)
              f = tonumber(f)
              policies[fp] = p
              counts[fp] = (counts[fp] or 0) + 1
              n = n + 1
              if s ~= '0' or (c > 0 and c >= p.minTp and f >= p.ratio * c) then
                failing = failing + 1
              end
              live[#live + 1] = {c, f, fp}
            end
          end
          for fp, k in pairs(counts) do
            if fleet == '' or k > counts[fleet] or (k == counts[fleet] and lenient(fp, policies[fp], fleet, policies[fleet])) then
              fleet = fp
            end
          end
          local trip = failing >= minAgree and failing * 2 > n
          if not trip and fleet ~= '' then
            local p = policies[fleet]
            local m, sumC, sumF, worstC, worstF = 0, 0, 0, 0, -1
            for _, r in ipairs(live) do
              if r[3] == fleet then
                m = m + 1
                sumC = sumC + r[1]
                sumF = sumF + r[2]
                if r[2] > worstF then
                  worstF = r[2]
                  worstC = r[1]
                end
              end
            end
            if m >= minAgree then
              local restC = sumC - worstC
              local restF = sumF - worstF
              trip = restC > 0 and restC >= p.minTp and restF >= p.ratio * restC
            end
          end
          if trip then
            local p = policies[fleet]
            open = true
            round = round + 1
            untilMs = math.min(now + p.breakMs, tonumber(ARGV[16]))
            redis.call('HSET', KEYS[2], 'gen', gen, 'open', 1, 'until', int(untilMs), 'round', round, 'succ', 0,
              'fp', fleet, 'probes', p.probes, 'need', p.succ, 'brk', int(p.breakMs))
            redis.call('DEL', KEYS[3])
            redis.call('PUBLISH', ARGV[14], ARGV[15])
          end
        end
        if redis.call('EXISTS', KEYS[2]) == 1 then
          local keep = ttl
          if open and untilMs > now then keep = keep + (untilMs - now) end
          redis.call('PEXPIRE', KEYS[2], int(keep))
        end
        return {gen, open and 1 or 0, untilMs, round, fleet, dup}
        """;

    /// <summary>
    /// Reads the shared state without reporting: returns <c>{gen, open, until, round}</c>. KEYS: state.
    /// </summary>
    public const string Read = """
        local st = redis.call('HMGET', KEYS[1], 'gen', 'open', 'until', 'round')
        return {tonumber(st[1] or '0'), st[2] == '1' and 1 or 0, tonumber(st[3] or '0'), tonumber(st[4] or '0')}
        """;

    /// <summary>
    /// Grants a half-open probe lease when the shared break is over and fewer than the fleet policy's probes are out
    /// or have succeeded this round. Returns the lease id, or an empty string.
    /// KEYS: state, leases. ARGV: instance, nowMs, maxProbes (used only when the state has none), leaseMs, round.
    /// </summary>
    public const string AcquireProbe = """
        local st = redis.call('HMGET', KEYS[1], 'open', 'until', 'round', 'succ', 'probes')
        local now = tonumber(ARGV[2])
        if st[1] ~= '1' or tonumber(st[3] or '0') ~= tonumber(ARGV[5]) or now < tonumber(st[2] or '0') then
          return ''
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        if redis.call('ZCARD', KEYS[2]) + tonumber(st[4] or '0') >= tonumber(st[5] or ARGV[3]) then
          return ''
        end
        local id = ARGV[1] .. '#' .. redis.call('HINCRBY', KEYS[1], 'seq', 1)
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), id)
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        return id
        """;

    /// <summary>
    /// Records a probe's outcome: the fleet policy's successes close the shared circuit (next generation, reports
    /// cleared); a failure reopens it for another of its breaks. A lease that expired or belongs to another round is
    /// ignored. Returns 0 ignored, 1 counted, 2 closed, 3 reopened.
    /// KEYS: state, leases, reports. ARGV: lease, round, success (1/0), nowMs, successThreshold, breakMs (both used only
    /// when the state has none), channel, name, maxUntilMs.
    /// </summary>
    public const string ProbeResult = """
        local function int(x) return string.format('%.0f', x) end
        local st = redis.call('HMGET', KEYS[1], 'open', 'round', 'gen', 'need', 'brk')
        if st[1] ~= '1' or tonumber(st[2] or '0') ~= tonumber(ARGV[2]) then
          return 0
        end
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then
          return 0
        end
        if ARGV[3] == '1' then
          if redis.call('HINCRBY', KEYS[1], 'succ', 1) < tonumber(st[4] or ARGV[5]) then
            return 1
          end
          redis.call('HSET', KEYS[1], 'gen', tonumber(st[3] or '0') + 1, 'open', 0, 'until', 0, 'succ', 0)
          redis.call('DEL', KEYS[2], KEYS[3])
          redis.call('PUBLISH', ARGV[7], ARGV[8])
          return 2
        end
        local untilMs = math.min(tonumber(ARGV[4]) + tonumber(st[5] or ARGV[6]), tonumber(ARGV[9]))
        redis.call('HSET', KEYS[1], 'until', int(untilMs), 'round', tonumber(st[2]) + 1, 'succ', 0)
        redis.call('DEL', KEYS[2])
        redis.call('PUBLISH', ARGV[7], ARGV[8])
        return 3
        """;

    /// <summary>
    /// Withdraws a stopping instance's report, but only its own (same nonce): a successor that already took over the
    /// id keeps its report. Returns 1 when withdrawn. KEYS: reports. ARGV: instance, nonce.
    /// </summary>
    public const string Withdraw = """
        local prev = redis.call('HGET', KEYS[1], ARGV[1])
        if prev and string.match(prev, '^[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:([^:]*):') == ARGV[2] then
          redis.call('HDEL', KEYS[1], ARGV[1])
          return 1
        end
        return 0
        """;
}
