namespace Resilience.A2A.Internal.Wire;

/// <summary>The parameters of every method the client calls: a send (message, configuration) or a task id.</summary>
internal sealed class WireParams
{
    public WireMessage? Message { get; set; }

    public WireSendConfiguration? Configuration { get; set; }

    public string? Id { get; set; }

    public int? HistoryLength { get; set; }
}
