namespace Resilience.Internal;

/// <summary>The rule for the names of breakers, pipelines and services: not empty or white space, at most 256 characters.</summary>
/// <remarks>Shared source (src/Shared): the registry (Core) and the DI builder (Extensions) check names alike.</remarks>
internal static class ServiceNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 256;

    /// <summary>Throws when <paramref name="name"/> is not a valid breaker name.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, white space or longer than <see cref="MaxLength"/>.</exception>
    public static void Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A circuit breaker name must not be empty or white space.", nameof(name));
        }

        if (name.Length > MaxLength)
        {
            throw new ArgumentException(
                $"A circuit breaker name must be at most {MaxLength} characters, but '{name[..32]}...' has {name.Length}.",
                nameof(name));
        }
    }
}
