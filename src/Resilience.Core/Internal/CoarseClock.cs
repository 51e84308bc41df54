namespace Resilience.Internal;

/// <summary>
/// A cheap, coarse monotonic clock in milliseconds, used only where the injected <see cref="TimeProvider"/> is
/// <see cref="TimeProvider.System"/> and a hot path can settle for the operating system's tick.
/// </summary>
/// <remarks>
/// <para>Why: on a virtual machine <see cref="TimeProvider.GetTimestamp"/> (the high-resolution clock) costs about 28 ns,
/// more than the rest of a rejected call; <c>Environment.TickCount64</c> reads the kernel's coarse clock in about
/// 6 ns. Its resolution is the scheduler tick (1 to 16 ms depending on the OS), so callers use it only to confirm a
/// decision that stays true for much longer than a tick (a break of seconds), and fall back to the precise clock when
/// the coarse one says the moment may have come.</para>
/// <para>With any other <see cref="TimeProvider"/> (a <c>FakeTimeProvider</c> in tests) <see cref="IsUsable"/> is false and
/// callers use the provider, so tests see exactly the provider's time.</para>
/// </remarks>
internal static class CoarseClock
{
    /// <summary>Gets the coarse clock's reading in milliseconds.</summary>
#pragma warning disable RS0030 // Banned API: the one deliberate use of the OS tick, only when the injected provider is the system clock.
    public static long NowMilliseconds => Environment.TickCount64;
#pragma warning restore RS0030

    /// <summary>Returns whether the coarse clock runs at the same rate as <paramref name="timeProvider"/>'s time.</summary>
    public static bool IsUsable(TimeProvider timeProvider) => ReferenceEquals(timeProvider, TimeProvider.System);

    /// <summary>Converts a duration to the coarse clock's units, rounded up so a deadline built from it is never early.</summary>
    public static long ToMilliseconds(TimeSpan duration) => duration <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(duration.TotalMilliseconds);
}
