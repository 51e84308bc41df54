using System.Reflection;
using NSubstitute;
using Resilience.CircuitBreaking;
using Resilience.Telemetry;

namespace Resilience.Core.Tests.CircuitBreaking;

/// <summary>The comparison a reload uses to skip options that change nothing must see every setting, or a real change would be lost.</summary>
public sealed class CircuitBreakerOptionsSameSettingsTests
{
    public static TheoryData<string> Settings => new(
        typeof(CircuitBreakerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name));

    [Fact]
    public void DefaultsAndACopy_HaveTheSameSettings()
    {
        static bool Handle(OutcomeArguments _) => true;
        var first = new CircuitBreakerOptions { FailureThreshold = 7, ShouldHandle = Handle, ExcludedExceptions = [typeof(ArgumentException)] };
        var second = new CircuitBreakerOptions { FailureThreshold = 7, ShouldHandle = Handle, ExcludedExceptions = [typeof(ArgumentException)] };

        first.HasSameSettings(second).Should().BeTrue("a reload that binds the same values again changes nothing");
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void AnySettingChanged_IsADifference(string setting)
    {
        var property = typeof(CircuitBreakerOptions).GetProperty(setting)!;
        var changed = new CircuitBreakerOptions();
        property.SetValue(changed, OtherValue(property.PropertyType, property.GetValue(changed)));

        new CircuitBreakerOptions().HasSameSettings(changed).Should().BeFalse($"{setting} changed, so the reload must be applied");
    }

    private static object OtherValue(Type type, object? current) => type switch
    {
        _ when type == typeof(int) => (int)current! + 1,
        _ when type == typeof(double) => (double)current! / 2,
        _ when type == typeof(TimeSpan) => (TimeSpan)current! + TimeSpan.FromSeconds(1),
        _ when type == typeof(TimeSpan?) => TimeSpan.FromSeconds(3),
        _ when type == typeof(CircuitBreakerTripPolicy) => (CircuitBreakerTripPolicy)current! == CircuitBreakerTripPolicy.ConsecutiveFailures
            ? CircuitBreakerTripPolicy.FailureRatio
            : CircuitBreakerTripPolicy.ConsecutiveFailures,
        _ when type == typeof(ICollection<Type>) => new List<Type> { typeof(InvalidOperationException) },
        _ when type == typeof(Func<OutcomeArguments, bool>) => new Func<OutcomeArguments, bool>(static _ => false),
        _ when type == typeof(Func<BreakDurationGeneratorArguments, TimeSpan>) => new Func<BreakDurationGeneratorArguments, TimeSpan>(static _ => TimeSpan.FromSeconds(9)),
        _ when type == typeof(ResilienceTelemetryListener) => Substitute.For<ResilienceTelemetryListener>(),
        _ => throw new InvalidOperationException($"Add a different value of {type} here: a new setting of CircuitBreakerOptions must be compared by HasSameSettings."),
    };
}
