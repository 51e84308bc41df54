using System.Globalization;
using Microsoft.Extensions.Options;

namespace Resilience.Monitoring.Internal;

/// <summary>
/// Turns the failures of a source-generated validator into messages that name the configuration path, the option
/// and the bad value (the generated messages name only the option).
/// </summary>
internal static class OptionsFailureFormatter
{
    public static void AddFailures(
        ValidateOptionsResultBuilder builder,
        string path,
        ValidateOptionsResult generated,
        IEnumerable<KeyValuePair<string, object?>> values)
    {
        if (!generated.Failed || generated.Failures is null)
        {
            return;
        }

        foreach (var failure in generated.Failures)
        {
            var member = values.FirstOrDefault(v => Mentions(failure, v.Key));
            if (member.Key is null)
            {
                builder.AddError($"{path}: {failure}");
                continue;
            }

            // The generated message reads "Member: The field Type.Member must be ..."; keep the sentence, add the value.
            var detail = failure.StartsWith(member.Key + ": ", StringComparison.Ordinal) ? failure[(member.Key.Length + 2)..] : failure;
            builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{path}: {member.Key} = {member.Value} is invalid. {detail}"));
        }
    }

    private static bool Mentions(string failure, string member) =>
        failure.StartsWith(member + ":", StringComparison.Ordinal)
        || failure.Contains("." + member + " ", StringComparison.Ordinal)
        || failure.Contains("'" + member + "'", StringComparison.Ordinal);

    /// <summary>Throws when <paramref name="result"/> failed: the constructors of primitives re-check options without DI.</summary>
    public static void ThrowIfFailed(ValidateOptionsResult result, string paramName)
    {
        if (result.Failed)
        {
            throw new ArgumentException(result.FailureMessage, paramName);
        }
    }
}
