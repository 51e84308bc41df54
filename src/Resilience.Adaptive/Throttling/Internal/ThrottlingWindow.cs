namespace Resilience.Throttling.Internal;

/// <summary>
/// Requests and accepts of the last window, in <see cref="ClientThrottlingConstants.SlotCount"/> rolling slots on the
/// stage's clock, and the rejection probability they give. Not thread-safe: the stage calls it under its lock.
/// </summary>
internal sealed class ThrottlingWindow
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _slotLength;
    private readonly long[] _epochs = new long[ClientThrottlingConstants.SlotCount];
    private readonly long[] _requests = new long[ClientThrottlingConstants.SlotCount];
    private readonly long[] _accepts = new long[ClientThrottlingConstants.SlotCount];
    private long _latest;

    public ThrottlingWindow(TimeProvider time, TimeSpan window)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _slotLength = Math.Max(1, (long)(window.TotalSeconds * time.TimestampFrequency / ClientThrottlingConstants.SlotCount));
        Array.Fill(_epochs, -1);
    }

    /// <summary>Reads the clock (outside the lock) as a slot epoch.</summary>
    public long ReadEpoch() => (_time.GetTimestamp() - _origin) / _slotLength;

    /// <summary>Counts one request, accepted by the backend or not (a local rejection is a request that was not accepted).</summary>
    public void Record_NeedsLock(long epoch, bool accepted)
    {
        var slot = Slot_NeedsLock(Latest_NeedsLock(epoch));
        _requests[slot]++;
        if (accepted)
        {
            _accepts[slot]++;
        }
    }

    /// <summary>Sums the requests and accepts still inside the window.</summary>
    public void Totals_NeedsLock(long epoch, out long requests, out long accepts) => Sum_NeedsLock(Latest_NeedsLock(epoch), ClientThrottlingConstants.SlotCount, out requests, out accepts);

    /// <summary>
    /// <c>max(0, (requests − K·accepts) / (requests + 1))</c> over the whole window and over its last two slots (the last
    /// tenth to fifth of it), the lower of the two, capped at <paramref name="max"/>. Over a steady load both agree; the
    /// short one lets a backend that has answered again for a tenth of the window be trusted again at once. With the whole
    /// window alone the client would need several windows to recover from a dead backend: its own rejections count as
    /// requests the backend did not accept, so accepts can only grow by the factor K per window.
    /// </summary>
    public double Probability_NeedsLock(long epoch, double multiplier, double max)
    {
        epoch = Latest_NeedsLock(epoch);
        Sum_NeedsLock(epoch, ClientThrottlingConstants.SlotCount, out var requests, out var accepts);
        Sum_NeedsLock(epoch, 2, out var recentRequests, out var recentAccepts);
        var probability = Math.Min(Formula(requests, accepts, multiplier), Formula(recentRequests, recentAccepts, multiplier));
        return Math.Min(probability, max);
    }

    private static double Formula(long requests, long accepts, double multiplier) => Math.Max(0, (requests - (multiplier * accepts)) / (requests + 1));

    // The clock is read before the lock, so a caller can arrive with an epoch older than one already recorded; it is
    // counted as of the newest epoch, which never clears a slot holding newer counts.
    private long Latest_NeedsLock(long epoch)
    {
        if (epoch > _latest)
        {
            _latest = epoch;
        }

        return _latest;
    }

    private int Slot_NeedsLock(long epoch)
    {
        var slot = (int)(epoch % ClientThrottlingConstants.SlotCount);
        if (_epochs[slot] != epoch)
        {
            _epochs[slot] = epoch;
            _requests[slot] = 0;
            _accepts[slot] = 0;
        }

        return slot;
    }

    private void Sum_NeedsLock(long epoch, int slots, out long requests, out long accepts)
    {
        requests = 0;
        accepts = 0;
        for (var i = 0; i < ClientThrottlingConstants.SlotCount; i++)
        {
            if (_epochs[i] >= 0 && epoch - _epochs[i] < slots)
            {
                requests += _requests[i];
                accepts += _accepts[i];
            }
        }
    }
}
