using System.Globalization;
using System.Text;

namespace Resilience.Degradation;

/// <summary>
/// Thrown by <see cref="PartialResults"/> when too few operations succeeded. Its message lists every failure;
/// <see cref="Failures"/> holds them, and <see cref="Exception.InnerException"/> is an <see cref="AggregateException"/> of them.
/// </summary>
public sealed class PartialResultsException : ResilienceException
{
    /// <summary>Initializes a new instance of the <see cref="PartialResultsException"/> class.</summary>
    public PartialResultsException()
        : base("Too many operations failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PartialResultsException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public PartialResultsException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PartialResultsException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public PartialResultsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PartialResultsException"/> class from the failures of a call.</summary>
    /// <param name="total">The number of operations.</param>
    /// <param name="minSuccessRatio">The ratio that was required.</param>
    /// <param name="failures">Every failure.</param>
    public PartialResultsException(int total, double minSuccessRatio, IReadOnlyList<PartialFailure> failures)
        : base(CreateMessage(total, minSuccessRatio, failures), new AggregateException(failures.Select(static f => f.Exception)))
    {
        Total = total;
        MinSuccessRatio = minSuccessRatio;
        Failures = failures;
    }

    /// <summary>Gets the number of operations.</summary>
    public int Total { get; }

    /// <summary>Gets the share of operations that had to succeed.</summary>
    public double MinSuccessRatio { get; }

    /// <summary>Gets every failure, in the order of the input list.</summary>
    public IReadOnlyList<PartialFailure> Failures { get; } = [];

    private static string CreateMessage(int total, double minSuccessRatio, IReadOnlyList<PartialFailure> failures)
    {
        var succeeded = total - failures.Count;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Too many failures: {failures.Count}/{total} operations failed, ")
            .Append(CultureInfo.InvariantCulture, $"{succeeded}/{total} succeeded, below the minimum success ratio of {minSuccessRatio:0.###}.");
        foreach (var failure in failures)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{failure.Index}] {failure.Exception.GetType().Name}: {failure.Exception.Message}");
        }

        return text.ToString();
    }
}
