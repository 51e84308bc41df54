namespace Snippets;

#pragma warning disable CA1822 // Instance methods, as the real clients have.

/// <summary>Stand-ins for the application code the snippets call; they return <see cref="Task"/>, as real service clients do.</summary>
public sealed record Order(string Id, decimal Amount);

public sealed record Receipt(string OrderId);

public sealed class PaymentsClient
{
    public Task<Receipt> ChargeAsync(Order order, CancellationToken cancellationToken) => Task.FromResult(new Receipt(order.Id));
}

public sealed class InventoryClient
{
    public Task<int> GetStockAsync(string sku, CancellationToken cancellationToken) => Task.FromResult(sku.Length);
}
#pragma warning restore CA1822
