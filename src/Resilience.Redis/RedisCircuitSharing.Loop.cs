using Microsoft.Extensions.Logging;
using Resilience.Redis.Internal;
using StackExchange.Redis;

namespace Resilience.Redis;

/// <content>The background loop: report, decide, apply; and the fallback to local breakers.</content>
public sealed partial class RedisCircuitSharing
{
    /// <summary>Runs one round for every attached breaker. Rounds are serialised; the loop calls it on its timer and on wake-ups.</summary>
    /// <returns><see langword="true"/> when Redis answered the whole round; <see langword="false"/> when the instance is local-only.</returns>
    internal async Task<bool> TickAsync()
    {
        await _tickLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // Redis calls go through their own breaker: while it is open the round does not touch Redis at all.
            if (!_redisBreaker.TryAcquirePermit(out var permit, out _))
            {
                return false;
            }

            var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            try
            {
                SyncRegistries_NeedsLock();
                // Batched: every breaker's scripts go out together, pipelined on the connection (one round trip of latency).
                var syncs = new List<Task>(_agents.Count);
                foreach (var agent in _agents.Values)
                {
                    syncs.Add(agent.SyncAsync(_protocol, nowMs, _options.ProbeLeaseDuration));
                }

                await Task.WhenAll(syncs).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                permit.RecordFailure();
                GoLocal_NeedsLock(ex);
                return false;
            }
            catch
            {
                // Not Redis's fault (a bug elsewhere): do not count it against Redis, and free a probe slot.
                permit.RecordIgnored();
                throw;
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
        finally
        {
            _tickLock.Release();
        }
    }

    private static bool IsRedisFailure(Exception ex) =>
        ex is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException or IndexOutOfRangeException;

    private void GoLocal_NeedsLock(Exception? cause)
    {
        foreach (var agent in _agents.Values)
        {
            agent.GoLocal();
        }

        if (Interlocked.Exchange(ref _available, 0) == 1 || !_fellBack)
        {
            _fellBack = true;
            _fallbacks.Add(1);
            Log.SharedStateUnavailable(_logger, InstanceId, cause);
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
                await TickAsync().ConfigureAwait(false);
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timer = Task.Delay(_options.ReportInterval, _timeProvider, delay.Token);
                await Task.WhenAny(timer, Volatile.Read(ref _wakeSignal).Task).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The loop must survive anything a round throws; the next round retries.
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }

        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            if (Interlocked.Exchange(ref _subscribed, 1) == 0)
            {
                await _connection.GetSubscriber().SubscribeAsync(_channel, _onMessage).ConfigureAwait(false);
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
