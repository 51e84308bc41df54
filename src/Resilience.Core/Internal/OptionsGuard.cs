using System.Globalization;

namespace Resilience.Internal;

/// <summary>
/// Collects option errors and throws one <see cref="ArgumentException"/> naming every bad option and its value, so a
/// constructor fails early with a useful message. Hand-written rather than DataAnnotations: <c>Range(typeof(TimeSpan))</c>
/// is not trim-safe, and the messages carry the bad value.
/// </summary>
internal struct OptionsGuard
{
    private List<string>? _failures;

    public void Range(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            Fail($"{name} must be between {min} and {max}; it was {value}.");
        }
    }

    public void Range(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}; it was {value}."));
        }
    }

    public void Check(bool condition, string message)
    {
        if (!condition)
        {
            Fail(message);
        }
    }

    public void Fail(string message) => (_failures ??= []).Add(message);

    public readonly void ThrowIfFailed(string parameterName)
    {
        if (_failures is not null)
        {
            throw new ArgumentException(string.Join(" ", _failures), parameterName);
        }
    }
}
