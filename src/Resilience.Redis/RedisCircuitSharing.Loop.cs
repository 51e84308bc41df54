using Microsoft.Extensions.Logging;
using Resilience.Redis.Internal;
using StackExchange.Redis;

namespace Resilience.Redis;

/// <content>The background loop: report, decide, apply; and the fallback to local breakers.</content>
public sealed partial class RedisCircuitSharing
{
    /// <summary>Set while the loop itself (not a round) fails, so it logs once per outage. Loop thread only.</summary>
    private bool _loopFailing;

    /// <summary>Runs one round for every attached breaker. Rounds are serialised; the loop calls it on its timer and on wake-ups.</summary>
    /// <returns><see langword="true"/> when Redis answered the whole round; <see langword="false"/> when the instance is local-only.</returns>
    /// <remarks>Never throws: a failure is logged once per outage and every breaker it touches decides locally meanwhile.</remarks>
    internal async Task<bool> TickAsync()
    {
        await _tickLock.WaitAsync().ConfigureAwait(false);
        try
        {
            return await RoundAsync_NeedsLock().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A bug outside the agents (never expected): the shared layer steps aside rather than hold stale decisions.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GoLocal_NeedsLock(ex, redisFailure: false);
            return false;
        }
        finally
        {
            _tickLock.Release();
        }
    }

    private static bool IsRedisFailure(Exception ex) =>
        ex is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException or IndexOutOfRangeException;

    private async Task<bool> RoundAsync_NeedsLock()
    {
        // Redis calls go through their own breaker: while it is open the round does not touch Redis at all.
        if (!_redisBreaker.TryAcquirePermit(out var permit, out _))
        {
            return false;
        }

        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        Exception? redisFailure = null;
        SharedCircuitAgent[] agents;
        Task[] syncs;
        try
        {
            SyncRegistries_NeedsLock();

            // Withdrawals first, so a breaker detached and attached again in between reports after its old report is gone.
            var withdrawals = new List<Task>();
            while (_withdrawals.TryDequeue(out var gone))
            {
                withdrawals.Add(_protocol.WithdrawAsync(gone.Keys));
            }

            // Batched: every breaker's scripts go out together, pipelined on the connection (one round trip of latency).
            agents = [.. _agents.Values];
            syncs = new Task[agents.Length];
            for (var i = 0; i < agents.Length; i++)
            {
                syncs[i] = agents[i].SyncAsync(_protocol, nowMs, _options.ProbeLeaseDuration);
            }

            try
            {
                await Task.WhenAll([.. withdrawals, .. syncs]).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Each task is inspected below; WhenAll has observed every fault.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            foreach (var withdrawal in withdrawals)
            {
                redisFailure ??= withdrawal.Exception?.InnerException;
            }

            foreach (var sync in syncs)
            {
                if (sync.Exception?.InnerException is { } error && IsRedisFailure(error))
                {
                    redisFailure ??= error;
                }
            }
        }
        catch
        {
            // Not Redis's fault (a bug elsewhere): do not count it against Redis, and free a probe slot.
            permit.RecordIgnored();
            throw;
        }

        if (redisFailure is not null)
        {
            permit.RecordFailure();
            GoLocal_NeedsLock(redisFailure, redisFailure: true);
            return false;
        }

        // Redis answered; a breaker whose round failed otherwise (a bug, an unexpected answer) decides locally alone.
        for (var i = 0; i < agents.Length; i++)
        {
            if (syncs[i].Exception?.InnerException is { } error)
            {
                agents[i].Fail(error);
            }
        }

        permit.RecordSuccess();
        if (Volatile.Read(ref _subscribed) == 0)
        {
            _ = SubscribeAsync();
        }

        if (Interlocked.Exchange(ref _available, 1) == 0 && _fellBack)
        {
            // Only after a logged fallback: a first connection at start-up is not a return.
            _fellBack = false;
            Log.SharedStateRestored(_logger, InstanceId);
        }

        return true;
    }

    /// <summary>Every breaker decides locally; logged and counted once per outage (until a round succeeds again).</summary>
    private void GoLocal_NeedsLock(Exception cause, bool redisFailure)
    {
        foreach (var agent in _agents.Values)
        {
            agent.GoLocal();
        }

        if (Interlocked.Exchange(ref _available, 0) == 1 || !_fellBack)
        {
            _fellBack = true;
            _fallbacks.Add(1);
            if (redisFailure)
            {
                Log.SharedStateUnavailable(_logger, InstanceId, cause);
            }
            else
            {
                Log.LoopFailed(_logger, InstanceId, cause);
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Leave the constructor before the first round.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _wakeSignal, NewSignal());
            try
            {
                if (await TickAsync().ConfigureAwait(false))
                {
                    _loopFailing = false;
                }

                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timer = Task.Delay(_options.ReportInterval, _timeProvider, delay.Token);
                await Task.WhenAny(timer, Volatile.Read(ref _wakeSignal).Task).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The loop must survive anything; the next round retries. Rounds log their own failures.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                if (!_loopFailing)
                {
                    _loopFailing = true;
                    Log.LoopFailed(_logger, InstanceId, ex);
                }
            }
        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            if (Interlocked.Exchange(ref _subscribed, 1) == 0)
            {
                await _commands.WaitAsync(_connection.GetSubscriber().SubscribeAsync(_channel, _onMessage)).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Without pub/sub the periodic round still brings every decision within ReportInterval.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Retried after the next round Redis answers.
            Volatile.Write(ref _subscribed, 0);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // Fall back at once rather than at the next round: the round will fail fast and go local.
        Wake();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Wake();
    }
}
