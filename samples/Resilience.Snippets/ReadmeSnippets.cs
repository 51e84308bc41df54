using Resilience.CircuitBreaking;

namespace Snippets;

public static class ReadmeSnippets
{
    public static async Task QuickStartAsync(PaymentsClient payments, Order order, CancellationToken cancellationToken)
    {
        #region readme-quick-start
        var breaker = new CircuitBreaker("payment-api", new CircuitBreakerOptions { FailureThreshold = 3 });
        try
        {
            var receipt = await breaker.ExecuteAsync(async ct => await payments.ChargeAsync(order, ct), cancellationToken);
            Console.WriteLine($"Charged order {receipt.OrderId}");
        }
        catch (CircuitOpenException e)
        {
            // payment-api keeps failing, so nothing was sent: fall back, or ask the caller to come back later.
            Console.WriteLine($"Payments unavailable; retry after {e.RetryAfter}");
        }
        #endregion
    }
}
