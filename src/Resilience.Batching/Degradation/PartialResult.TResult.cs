namespace Resilience.Degradation;

/// <summary>The answer of a <see cref="PartialResults"/> call that met its minimum success ratio: what succeeded and what did not.</summary>
/// <typeparam name="TResult">The type of the operations' results.</typeparam>
public sealed class PartialResult<TResult>
{
    internal PartialResult(IReadOnlyList<PartialSuccess<TResult>> successes, IReadOnlyList<PartialFailure> failures)
    {
        Successes = successes;
        Failures = failures;
    }

    /// <summary>Gets the operations that succeeded, in the order of the input list.</summary>
    public IReadOnlyList<PartialSuccess<TResult>> Successes { get; }

    /// <summary>Gets the operations that failed or missed the deadline, in the order of the input list.</summary>
    public IReadOnlyList<PartialFailure> Failures { get; }

    /// <summary>Gets the number of operations.</summary>
    public int Total => Successes.Count + Failures.Count;

    /// <summary>Gets the share of operations that succeeded; 1 when there were none.</summary>
    public double SuccessRatio => Total == 0 ? 1d : (double)Successes.Count / Total;

    /// <summary>Gets a value indicating whether every operation succeeded.</summary>
    public bool IsComplete => Failures.Count == 0;
}
