namespace Resilience.A2A.Internal.Wire;

/// <summary>The parameters of every method the client calls: a send (message, configuration), a task id, or a task list filter.</summary>
internal sealed class WireParams
{
    public WireMessage? Message { get; set; }

    public WireSendConfiguration? Configuration { get; set; }

    public string? Id { get; set; }

    public int? HistoryLength { get; set; }

    public string? ContextId { get; set; }

    public string? Status { get; set; }

    public int? PageSize { get; set; }

    public string? PageToken { get; set; }

    public string? StatusTimestampAfter { get; set; }

    public bool? IncludeArtifacts { get; set; }
}
