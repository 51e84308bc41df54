using CsCheck;
using Resilience.Retry;
using Resilience.Retry.Internal;

namespace Resilience.Core.Tests.Retry.Internal;

public sealed class RetryBackoffTests
{
    private static readonly Gen<(JitterMode Mode, int Seed, TimeSpan Base, TimeSpan Max, double ExponentialBase)> Configs =
        Gen.Select(
            Gen.Enum<JitterMode>(),
            Gen.Int,
            Gen.Long[1, TimeSpan.TicksPerMinute],
            Gen.Long[0, TimeSpan.TicksPerHour],
            Gen.Double[1.0, 5.0],
            static (mode, seed, baseTicks, extraTicks, expBase) =>
                (mode, seed, TimeSpan.FromTicks(baseTicks), TimeSpan.FromTicks(baseTicks + extraTicks), expBase));

    [Fact]
    public void GetDelay_AnyModeAndSeed_NeverNegativeNorAboveMax()
    {
        Configs.Sample(
            c =>
            {
                var random = new Random(c.Seed);
                var previous = 0.0;
                for (var attempt = 0; attempt < 40; attempt++)
                {
                    var delay = RetryBackoff.GetDelay(c.Mode, attempt, c.Base, c.Max, c.ExponentialBase, ref previous, random.NextDouble);
                    delay.Should().BeGreaterThanOrEqualTo(TimeSpan.Zero).And.BeLessThanOrEqualTo(c.Max);
                }
            },
            iter: 2000);
    }

    [Fact]
    public void GetDelay_EachMode_StaysWithinItsFormulaBounds()
    {
        Configs.Sample(
            c =>
            {
                var random = new Random(c.Seed);
                var previous = 0.0;
                double prior = c.Base.Ticks;
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    var delay = RetryBackoff.GetDelay(c.Mode, attempt, c.Base, c.Max, c.ExponentialBase, ref previous, random.NextDouble).Ticks;
                    var exponential = c.Base.Ticks * Math.Pow(c.ExponentialBase, attempt);
                    double max = c.Max.Ticks;
                    var (low, high) = c.Mode switch
                    {
                        JitterMode.None => (Math.Min(exponential, max), Math.Min(exponential, max)),
                        JitterMode.Proportional => (Math.Min(0.5 * exponential, max), Math.Min(1.5 * exponential, max)),
                        JitterMode.Full => (0.0, Math.Min(exponential, max)),
                        _ => (Math.Min(c.Base.Ticks, max), Math.Min(3 * prior, max)),
                    };

                    // One tick of slack for the double-to-ticks truncation.
                    ((double)delay).Should().BeInRange(low - 1, high + 1, $"mode {c.Mode}, attempt {attempt}");
                    prior = Math.Max(delay, c.Base.Ticks);
                }
            },
            iter: 2000);
    }

    [Fact]
    public void GetDelay_NoJitter_GrowsExponentiallyUntilTheCap()
    {
        var previous = 0.0;
        var delays = Enumerable.Range(0, 7)
            .Select(a => RetryBackoff.GetDelay(JitterMode.None, a, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2.0, ref previous, () => 0.5))
            .ToArray();

        delays.Should().Equal(new[] { 1, 2, 4, 8, 16, 30, 30 }.Select(s => TimeSpan.FromSeconds(s)));
    }

    [Fact]
    public void GetDelay_GuideScenario_DelaysGrowAndLastIsAtMostMax()
    {
        var previous = 0.0;
        var delays = Enumerable.Range(0, 10)
            .Select(a => RetryBackoff.GetDelay(JitterMode.None, a, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2.0, ref previous, () => 0.0))
            .ToArray();

        delays.Should().BeInAscendingOrder();
        delays[^1].Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void GetDelay_ProportionalJitterAboveCap_IsCappedAfterJitter()
    {
        var previous = 0.0;

        var delay = RetryBackoff.GetDelay(JitterMode.Proportional, 4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), 2.0, ref previous, () => 0.99);

        delay.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void GetDelay_HugeAttempt_FallsBackToMaxInsteadOfOverflowing()
    {
        var previous = 0.0;

        var delay = RetryBackoff.GetDelay(JitterMode.Full, 100_000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2.0, ref previous, () => 0.5);

        delay.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void GetDelay_SameSeed_SameSequence()
    {
        static TimeSpan[] Run(int seed)
        {
            var random = new Random(seed);
            var previous = 0.0;
            return Enumerable.Range(0, 8)
                .Select(a => RetryBackoff.GetDelay(JitterMode.Decorrelated, a, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2.0, ref previous, random.NextDouble))
                .ToArray();
        }

        Run(42).Should().Equal(Run(42));
        Run(42).Should().NotEqual(Run(43));
    }
}
