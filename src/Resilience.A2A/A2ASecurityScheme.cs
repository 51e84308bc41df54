namespace Resilience.A2A;

/// <summary>A security scheme from an agent card.</summary>
public sealed class A2ASecurityScheme
{
    /// <summary>Gets the kind of scheme.</summary>
    public A2ASecuritySchemeKind Kind { get; init; }

    /// <summary>Gets the name of the header, query parameter or cookie of an API key.</summary>
    public string? ParameterName { get; init; }

    /// <summary>Gets where an API key goes: <c>header</c>, <c>query</c> or <c>cookie</c>.</summary>
    public string? Location { get; init; }

    /// <summary>Gets the HTTP authentication scheme (for example <c>Bearer</c>).</summary>
    public string? HttpScheme { get; init; }
}
