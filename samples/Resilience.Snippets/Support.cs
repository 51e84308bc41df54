namespace Snippets;

#pragma warning disable CA1822 // Instance methods, as the real clients have.

/// <summary>Stand-ins for the application code the snippets call.</summary>
public sealed record Order(string Id, decimal Amount);

public sealed record Receipt(string OrderId);

public sealed class PaymentsClient
{
    public ValueTask<Receipt> ChargeAsync(Order order, CancellationToken cancellationToken) => ValueTask.FromResult(new Receipt(order.Id));
}

public sealed class InventoryClient
{
    public ValueTask<int> GetStockAsync(string sku, CancellationToken cancellationToken) => ValueTask.FromResult(sku.Length);
}
#pragma warning restore CA1822
