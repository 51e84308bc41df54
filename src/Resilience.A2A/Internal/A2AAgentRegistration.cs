namespace Resilience.A2A.Internal;

/// <summary>Marks one agent registered with <c>AddA2AAgent</c>; the health checker enumerates these.</summary>
internal sealed record A2AAgentRegistration(string Name);
