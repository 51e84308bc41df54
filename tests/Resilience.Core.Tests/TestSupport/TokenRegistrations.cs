using System.Reflection;

namespace Resilience.Core.Tests.TestSupport;

/// <summary>Counts the callbacks registered on a token source, by reading its internals (there is no public API for it).</summary>
internal static class TokenRegistrations
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Returns the number of callbacks registered on <paramref name="source"/> and not yet unregistered.</summary>
    /// <exception cref="InvalidOperationException">The runtime's <see cref="CancellationTokenSource"/> changed shape: fix this helper.</exception>
    public static int Count(CancellationTokenSource source)
    {
        var registrations = Field(typeof(CancellationTokenSource), "_registrations").GetValue(source);
        if (registrations is null)
        {
            return 0;
        }

        var count = 0;
        var node = Field(registrations.GetType(), "Callbacks").GetValue(registrations);
        while (node is not null)
        {
            count++;
            node = Field(node.GetType(), "Next").GetValue(node);
        }

        return count;
    }

    private static FieldInfo Field(Type type, string name) =>
        type.GetField(name, Instance) ?? throw new InvalidOperationException($"{type.FullName}.{name} not found; the runtime changed.");
}
