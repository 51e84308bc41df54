using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Resilience.DependencyInjection.Internal;
using Resilience.Internal;

namespace Resilience.DependencyInjection;

/// <content>The keyed pipeline registry: named pipelines built by a callback, resolved by name.</content>
public sealed partial class ResilienceBuilder
{
    /// <summary>
    /// Registers the pipeline <paramref name="name"/>, built by <paramref name="configure"/> on first use (any stages,
    /// in any order) and resolved by name: <see cref="ResiliencePipelineProvider.GetPipeline"/> or
    /// <c>[FromKeyedServices("<paramref name="name"/>")] ResiliencePipeline</c>. The analogue of Polly's
    /// <c>AddResiliencePipeline(key, (builder, context) =&gt; ...)</c>.
    /// </summary>
    /// <param name="name">The pipeline name (not empty, at most 256 characters); it is also the builder's <see cref="ResiliencePipelineBuilder.Name"/>.</param>
    /// <param name="configure">Adds the stages. The context gives the services, named options that make the pipeline
    /// follow reloads (<see cref="ResiliencePipelineBuildContext.GetOptions{TOptions}"/>) and the registry's breakers.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, white space or too long.</exception>
    /// <remarks>Registering a name again replaces its callback. The builder's clock is the container's <see cref="TimeProvider"/>.</remarks>
    public ResilienceBuilder AddPipeline(string name, Action<ResiliencePipelineBuilder, ResiliencePipelineBuildContext> configure)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (string.IsNullOrWhiteSpace(name) || name.Length > ServiceNames.MaxLength)
        {
            throw new ArgumentException($"A pipeline name must not be empty or white space and at most {ServiceNames.MaxLength} characters.", nameof(name));
        }

        GetPipelineRegistrations().Set(name, configure);
        Services.TryAddSingleton(static sp => new ResiliencePipelineProvider(sp.GetRequiredService<PipelineRegistrations>().CreateEntries(sp)));
        if (!Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, name) && d.ServiceType == typeof(ResiliencePipeline)))
        {
            Services.AddKeyedSingleton<ResiliencePipeline>(name, static (sp, key) => sp.GetRequiredService<ResiliencePipelineProvider>().GetPipeline((string)key!));
        }

        return this;
    }

    private PipelineRegistrations GetPipelineRegistrations()
    {
        if (Services.FirstOrDefault(static d => d.ServiceType == typeof(PipelineRegistrations))?.ImplementationInstance is PipelineRegistrations existing)
        {
            return existing;
        }

        var registrations = new PipelineRegistrations();
        Services.AddSingleton(registrations);
        return registrations;
    }
}
