namespace Resilience.Http.Internal;

/// <content>The idle sweep: on the store's <see cref="TimeProvider"/>, four times per idle timeout.</content>
internal sealed partial class AuthorityPipelineStore
{
    /// <summary>Evicts every entry idle for the idle timeout whose circuits are all closed; returns how many went.</summary>
    internal int Sweep()
    {
        var now = _timeProvider.GetTimestamp();
        List<AuthorityEntry>? evicted = null;
        int remaining;
        lock (_lock)
        {
            if (_disposed)
            {
                return 0;
            }

            // Perf: enumerating the dictionary itself takes no lock and copies nothing (Values would do both).
            foreach (var (_, entry) in _entries)
            {
                if (!entry.CheckIdle_NeedsLock())
                {
                    entry.IdleSince = now;
                }
                else if (_timeProvider.GetElapsedTime(entry.IdleSince, now) >= _idleTimeout && entry.TryEvict_NeedsLock())
                {
                    // An open or half-open circuit is never here: it keeps its entry, and so its verdict, however long idle.
                    _entries.TryRemove(entry.Key, out _);
                    _count--;
                    (evicted ??= []).Add(entry);
                }
            }

            remaining = _count;
        }

        if (evicted is null)
        {
            return 0;
        }

        foreach (var entry in evicted)
        {
            entry.Detach();
        }

        Interlocked.Add(ref _evicted, evicted.Count);
        AuthorityMetrics.RecordEvicted(_clientName, evicted.Count);
        AuthorityLog.Evicted(_logger, _clientName, evicted.Count, remaining);
        return evicted.Count;
    }

    private void OnSweepTimer()
    {
        try
        {
            Sweep();
        }
#pragma warning disable CA1031 // A timer callback that throws would end the process; the sweep runs again next time.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AuthorityLog.SweepFailed(_logger, _clientName, ex.GetType().FullName ?? ex.GetType().Name);
        }
    }
}
