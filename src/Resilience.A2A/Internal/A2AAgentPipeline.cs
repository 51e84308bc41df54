using Resilience.Registry;
using Resilience.Timeout;

namespace Resilience.A2A.Internal;

/// <summary>The pipeline of one registered agent and the timeout manager it owns; disposed with the container.</summary>
internal sealed class A2AAgentPipeline : IDisposable
{
    private readonly TimeoutManager _timeouts;

    public A2AAgentPipeline(string name, A2AAgentOptions options, CircuitBreakerRegistry registry, TimeProvider timeProvider)
    {
        _timeouts = new TimeoutManager(options.Timeout, timeProvider);
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = A2AConstants.NamePrefix + name }
            .AddA2AResilience(registry.GetOrCreate(name), options.Retry, _timeouts)
            .Build();
    }

    public ResiliencePipeline Pipeline { get; }

    public void Dispose() => _timeouts.Dispose();
}
