using Microsoft.Extensions.Configuration;

namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// Finds the keys of a configuration section that bind to nothing (a typo, a Polly name, a code-only setting), by
/// binding the section strictly (<see cref="BinderOptions.ErrorOnUnknownConfiguration"/>) into a throw-away instance;
/// each problem names the key's full path and, when one is known, the setting meant.
/// </summary>
internal static class ConfigurationKeyCheck
{
    /// <summary>The binder options of the strict binding.</summary>
    public static readonly Action<BinderOptions> Strict = static o => o.ErrorOnUnknownConfiguration = true;

    /// <summary>Returns one message per problem of <paramref name="section"/>; empty when it binds completely or does not exist.</summary>
    /// <param name="section">The section, or <see langword="null"/>.</param>
    /// <param name="typeName">The options type the section binds to, for the message.</param>
    /// <param name="strictBind">Binds the section with <see cref="Strict"/> into a new instance (source-generated, so per type).</param>
    /// <param name="knownKeys">The settings of the type and of the types nested in it, for "did you mean".</param>
    public static IReadOnlyList<string> Check(IConfiguration? section, string typeName, Action<IConfiguration> strictBind, IReadOnlyCollection<string> knownKeys)
    {
        if (section is null || (section is IConfigurationSection s && !s.Exists()))
        {
            return [];
        }

        // Code-only settings first: binding an object-valued one (a RetryBudget) fails before any unknown key is seen.
        var codeOnly = ConfigurationHints.CodeOnlyKeys.SelectMany(key => FindPaths(section, key).Select(path => (Key: key, Path: path))).ToList();
        if (codeOnly.Count > 0)
        {
            return [.. codeOnly.Select(c => $"{c.Path}: '{c.Key}' cannot come from configuration.{ConfigurationHints.For(c.Key, knownKeys)}")];
        }

        try
        {
            strictBind(section);
            return [];
        }
        catch (InvalidOperationException ex)
        {
            var unknown = ParseUnknownKeys(ex.Message);
            if (unknown.Count == 0)
            {
                // A value that does not convert: the binder's message names the path, the value and the type.
                return [ex.Message];
            }

            var problems = new List<string>();
            foreach (var key in unknown)
            {
                foreach (var path in FindPaths(section, key))
                {
                    problems.Add($"{path}: '{key}' is not a setting of {typeName}.{ConfigurationHints.For(key, knownKeys)}");
                }
            }

            return problems.Count > 0 ? problems : [ex.Message];
        }
    }

    /// <summary>Returns one message per child of <paramref name="section"/> whose key is not among <paramref name="allowed"/>.</summary>
    public static IReadOnlyList<string> CheckChildren(IConfiguration section, IReadOnlyCollection<string> allowed, string what)
    {
        var problems = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (!allowed.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path}: '{child.Key}' is not {what} (expected one of {string.Join(", ", allowed)}).{ConfigurationHints.For(child.Key, allowed)}");
            }
        }

        return problems;
    }

    /// <summary>Reads the keys out of the binder's message: "... not found on the instance of T: 'A', 'B'".</summary>
    private static List<string> ParseUnknownKeys(string message)
    {
        const string Marker = nameof(BinderOptions.ErrorOnUnknownConfiguration);
        var keys = new List<string>();
        if (!message.Contains(Marker, StringComparison.Ordinal))
        {
            return keys;
        }

        var list = message[(message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            keys.Add(part.Trim('\'', '.'));
        }

        return keys;
    }

    private static List<string> FindPaths(IConfiguration section, string key)
    {
        var paths = new List<string>();
        var pending = new Stack<IConfigurationSection>(section.GetChildren());
        while (pending.Count > 0 && paths.Count < ConfigurationHints.MaxReportedPaths)
        {
            var child = pending.Pop();
            if (string.Equals(child.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                paths.Add(child.Path);
                continue;
            }

            foreach (var grandChild in child.GetChildren())
            {
                pending.Push(grandChild);
            }
        }

        return paths;
    }
}
