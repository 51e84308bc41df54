namespace Resilience.Monitoring;

/// <summary>How many monitored breakers are in each state.</summary>
public readonly struct DashboardSummary
{
    /// <summary>Initializes a new instance of the <see cref="DashboardSummary"/> struct.</summary>
    /// <param name="total">All monitored breakers.</param>
    /// <param name="closed">Breakers closed.</param>
    /// <param name="open">Breakers open.</param>
    /// <param name="halfOpen">Breakers half-open.</param>
    /// <param name="isolated">Breakers isolated by hand.</param>
    public DashboardSummary(int total, int closed, int open, int halfOpen, int isolated)
    {
        Total = total;
        Closed = closed;
        Open = open;
        HalfOpen = halfOpen;
        Isolated = isolated;
    }

    /// <summary>Gets the number of monitored breakers.</summary>
    public int Total { get; }

    /// <summary>Gets the number of closed breakers.</summary>
    public int Closed { get; }

    /// <summary>Gets the number of open breakers (isolated ones are counted in <see cref="Isolated"/> only).</summary>
    public int Open { get; }

    /// <summary>Gets the number of half-open breakers.</summary>
    public int HalfOpen { get; }

    /// <summary>Gets the number of breakers isolated by hand.</summary>
    public int Isolated { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Total: {Total} | Closed: {Closed} | Open: {Open} | Half-Open: {HalfOpen} | Isolated: {Isolated}";
}
