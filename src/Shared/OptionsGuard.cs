using System.Globalization;

namespace Resilience.Internal;

/// <summary>
/// The checks behind every options type's <c>GetValidationErrors()</c> (<see cref="IValidatableOptions"/>): each failed
/// check adds one message of one shape, starting with the option's configuration key and ending with the bad value
/// ("FailureThreshold must be between 1 and 10000; it was 0."), so the dependency-injection validator can prefix the
/// configuration path ("Resilience:CircuitBreakers:inventory:FailureThreshold ...") and a constructor can throw the
/// same list (<see cref="ThrowIfInvalid"/>).
/// </summary>
/// <remarks>
/// Shared source (src/Shared), compiled into each package that validates options, so no package reaches another's
/// internals for it. Hand-written rather than DataAnnotations: <c>Range(typeof(TimeSpan))</c> is not trim-safe, the
/// generated messages do not carry the bad value, and Core has no package to generate them with.
/// </remarks>
internal struct OptionsGuard
{
    private List<string>? _errors;

    /// <summary>Gets the messages of the failed checks (empty when every check passed).</summary>
    public readonly IReadOnlyList<string> Errors => _errors ?? (IReadOnlyList<string>)[];

    public void Range(int value, int min, int max, string option) => Check(value >= min && value <= max, option, Between(min, max), value);

    public void Range(long value, long min, long max, string option) => Check(value >= min && value <= max, option, Between(min, max), value);

    /// <summary>Checks a number; NaN is never in range.</summary>
    public void Range(double value, double min, double max, string option) => Check(value >= min && value <= max, option, Between(min, max), value);

    public void Range(TimeSpan value, TimeSpan min, TimeSpan max, string option) => Check(value >= min && value <= max, option, Between(min, max), value);

    /// <summary>Checks an optional duration: <see langword="null"/> (not set) passes.</summary>
    public void Range(TimeSpan? value, TimeSpan min, TimeSpan max, string option)
    {
        if (value is { } set)
        {
            Range(set, min, max, option);
        }
    }

    public void AtLeast(int value, int min, string option) => Check(value >= min, option, "must be at least " + Format(min), value);

    public void AtLeast(long value, long min, string option) => Check(value >= min, option, "must be at least " + Format(min), value);

    public void AtLeast(TimeSpan value, TimeSpan min, string option) => Check(value >= min, option, "must be at least " + Format(min), value);

    public void Defined<TEnum>(TEnum value, string option)
        where TEnum : struct, Enum =>
        Check(Enum.IsDefined(value), option, "must be one of " + string.Join(", ", Enum.GetNames<TEnum>()), value);

    public void NotNull(object? value, string option) => Check(value is not null, option, "must be set", null);

    public void NotEmpty(string? value, string option) => Check(!string.IsNullOrWhiteSpace(value), option, "must not be empty", value);

    /// <summary>Adds "<paramref name="option"/> <paramref name="rule"/>; it was <paramref name="value"/>." unless <paramref name="condition"/> holds.</summary>
    public void Check(bool condition, string option, string rule, object? value)
    {
        if (!condition)
        {
            Add($"{option} {rule}; it was {Format(value)}.");
        }
    }

    /// <summary>Adds the errors of a nested options object, each under the key of the property that holds it ("CircuitBreaker:FailureThreshold ...").</summary>
    public void Nested(string option, IValidatableOptions? nested)
    {
        if (nested is not null)
        {
            foreach (var error in nested.GetValidationErrors())
            {
                Add($"{option}:{error}");
            }
        }
    }

    /// <summary>Adds a message that does not fit <see cref="Check(bool, string, string, object?)"/>; it must start with the option's key too.</summary>
    public void Add(string error) => (_errors ??= []).Add(error);

    /// <summary>Formats a value for a message: invariant culture, durations as <c>d.hh:mm:ss.fffffff</c>.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string text => $"'{text}'",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem of <paramref name="options"/>: what constructors do.</summary>
    /// <param name="options">The options to check.</param>
    /// <param name="paramName">The constructor's parameter.</param>
    public static void ThrowIfInvalid(IValidatableOptions options, string? paramName)
    {
        var errors = options.GetValidationErrors();
        if (errors.Count > 0)
        {
            var type = options.GetType().Name;
            throw new ArgumentException($"Invalid {(type.IndexOf('`', StringComparison.Ordinal) is > 0 and var arity ? type[..arity] : type)}: {string.Join(" ", errors)}", paramName);
        }
    }

    private static string Between(object min, object max) => $"must be between {Format(min)} and {Format(max)}";
}
