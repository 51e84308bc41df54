using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Resilience.Monitoring.Internal;

namespace Resilience.Monitoring.Tests.Monitoring.Internal;

public sealed class StateChangeRingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewRing_HoldsNoStorageUntilTheFirstChange()
    {
        // Most monitored breakers never change state: 20 slots of 40 B each were kept for every one of them.
        var ring = new StateChangeRing(20);

        ring.StorageLength.Should().Be(0);
        ring.ToArray().Should().BeEmpty();

        ring.Add(Change(0));

        ring.StorageLength.Should().Be(20);
        ring.ToArray().Should().ContainSingle();
    }

    [Fact]
    public void ToArray_NoChange_ReturnsTheSharedEmptyArray() =>
        new StateChangeRing(20).ToArray().Should().BeSameAs(Array.Empty<CircuitStateChange>());

    [Fact]
    public void Add_PastCapacity_KeepsTheNewestInOrder()
    {
        var ring = new StateChangeRing(3);
        for (var i = 0; i < 5; i++)
        {
            ring.Add(Change(i));
        }

        ring.ToArray().Select(static c => c.Timestamp).Should().Equal(T0.AddSeconds(2), T0.AddSeconds(3), T0.AddSeconds(4));
    }

    private static CircuitStateChange Change(int second) =>
        new("payments", CircuitState.Closed, CircuitState.Open, "Failures", T0.AddSeconds(second));
}
