using Resilience;
using Resilience.Http.Chaos;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds chaos injection to a named <see cref="HttpClient"/>.</summary>
public static class HttpClientBuilderChaosExtensions
{
    /// <summary>
    /// Adds a <see cref="ChaosHttpHandler"/> whose injectors are built once by <paramref name="configureChaos"/>. Call it
    /// after <c>AddResilience</c> so the chaos handler sits below the resilient handler and its failures are retried,
    /// counted by breakers and answered by fallbacks.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureChaos">Adds the chaos stages (off unless their options enable them); the builder uses the container's <see cref="TimeProvider"/> if one is registered.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configureChaos"/> is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddChaos(this IHttpClientBuilder builder, Action<ResiliencePipelineBuilder> configureChaos)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureChaos);
        ResiliencePipeline? chaos = null;
        return builder.AddHttpMessageHandler(services => new ChaosHttpHandler(LazyInitializer.EnsureInitialized(ref chaos, () =>
        {
            // Built once per client, on the container's clock, so the injectors' state outlives handler rotation.
            var pipelineBuilder = new ResiliencePipelineBuilder
            {
                Name = builder.Name + "-chaos",
                TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
            };
            configureChaos(pipelineBuilder);
            return pipelineBuilder.Build();
        })));
    }
}
