namespace Resilience;

/// <summary>Options that check their own values: the one validation idiom of every options type of the library.</summary>
/// <remarks>
/// <para>Each message names the option by its configuration key and ends with the bad value, for example
/// <c>FailureThreshold must be between 1 and 10000; it was 0.</c> A nested options object's messages carry the key of the
/// property that holds it (<c>CircuitBreaker:FailureThreshold ...</c>).</para>
/// <para>The component that takes the options (a breaker, a retry stage, a handler) throws an <see cref="ArgumentException"/>
/// listing the same messages. With dependency injection, Resilience.Extensions validates them at start-up and prefixes
/// each message with the configuration path (<c>Resilience:CircuitBreakers:inventory:FailureThreshold ...</c>).</para>
/// </remarks>
public interface IValidatableOptions
{
    /// <summary>Checks the options and returns one message per problem, naming the option and its value.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    IReadOnlyList<string> GetValidationErrors();
}
