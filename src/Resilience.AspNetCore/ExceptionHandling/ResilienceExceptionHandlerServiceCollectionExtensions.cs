using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Resilience.AspNetCore.ExceptionHandling.Internal;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the handler that answers rejected calls with 503 Service Unavailable.</summary>
public static class ResilienceExceptionHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="IExceptionHandler"/> that turns a <see cref="Resilience.ExecutionRejectedException"/> (such as
    /// <see cref="Resilience.CircuitBreaking.CircuitOpenException"/>) into 503 Service Unavailable with a <c>Retry-After</c>
    /// header (whole seconds, rounded up, when the rejection knows it) and a ProblemDetails body; also adds the
    /// ProblemDetails services. Call <c>app.UseExceptionHandler()</c> to run it.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <remarks>
    /// <para>The body names no breaker and repeats no exception message, so the response tells a client nothing about the
    /// service's internals. The handler also finds a
    /// rejection wrapped as an inner exception. Calling this method more than once registers the handler once.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddResilienceExceptionHandler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProblemDetails();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, ExecutionRejectedExceptionHandler>());
        return services;
    }
}
