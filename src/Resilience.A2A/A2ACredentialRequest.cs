namespace Resilience.A2A;

/// <summary>What <see cref="A2AClientOptions.CredentialProvider"/> is asked for: the credential of one security scheme the
/// agent card declares, for one request to the agent's endpoint.</summary>
/// <param name="SchemeName">The scheme's name in the card's <c>securitySchemes</c>.</param>
/// <param name="Scheme">The scheme.</param>
/// <param name="Endpoint">The endpoint the request goes to (always on the origin of <see cref="A2AClientOptions.BaseAddress"/>).</param>
public readonly record struct A2ACredentialRequest(string SchemeName, A2ASecurityScheme Scheme, Uri Endpoint);
