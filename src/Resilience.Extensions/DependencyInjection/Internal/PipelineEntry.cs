using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// One registered pipeline: built on first use; when its builder watched options, wrapped in a
/// <see cref="ReloadableStage"/> and rebuilt whenever those options change. Thread-safe.
/// </summary>
internal sealed class PipelineEntry : IDisposable
{
    private readonly string _name;
    private readonly Action<ResiliencePipelineBuilder, ResiliencePipelineBuildContext> _configure;
    private readonly IServiceProvider _services;
    private readonly Lock _buildLock = new();
    private readonly Lock _lock = new();
    private readonly HashSet<(Type Type, string Name)> _watched = [];
    private readonly List<IDisposable> _subscriptions = [];
    private ReloadableStage? _reloadable;
    private volatile ResiliencePipeline? _built;
    private bool _disposed;

    public PipelineEntry(string name, Action<ResiliencePipelineBuilder, ResiliencePipelineBuildContext> configure, IServiceProvider services)
    {
        _name = name;
        _configure = configure;
        _services = services;
    }

    /// <summary>Gets the pipeline, building it on first use (a failed build is not kept: the next use tries again).</summary>
    public ResiliencePipeline Pipeline => _built is { } built && !Volatile.Read(ref _disposed) ? built : BuildOnce();

    /// <summary>Stops following reloads and disposes what was built (a replaced build after its last call in flight).</summary>
    public void Dispose()
    {
        ResiliencePipeline? built;
        lock (_buildLock)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                Volatile.Write(ref _disposed, true);
                foreach (var subscription in _subscriptions)
                {
                    subscription.Dispose();
                }

                _subscriptions.Clear();
                built = _built;
            }
        }

        if (_reloadable is { } reloadable)
        {
            reloadable.Dispose();
        }
        else
        {
            built?.Dispose();
        }
    }

    /// <summary>Rebuilds the pipeline when the options <paramref name="optionsName"/> of <paramref name="monitor"/> change; once per options.</summary>
    public void WatchOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IOptionsMonitor<TOptions> monitor, string optionsName)
    {
        lock (_lock)
        {
            if (_watched.Add((typeof(TOptions), optionsName)) && monitor.OnChange((_, changed) =>
                {
                    if (string.Equals(changed ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
                    {
                        Rebuild();
                    }
                }) is { } subscription)
            {
                _subscriptions.Add(subscription);
            }
        }
    }

    private ResiliencePipeline BuildOnce()
    {
        lock (_buildLock)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), typeof(ResiliencePipelineProvider));
            return _built ??= BuildFirst();
        }
    }

    private ResiliencePipeline BuildFirst()
    {
        var built = Build();
        lock (_lock)
        {
            if (_watched.Count == 0)
            {
                // Nothing to reload: the built pipeline itself, without the extra stage.
                return built;
            }

            _reloadable = new ReloadableStage(built);
            return new ResiliencePipelineBuilder { Name = _name }.AddStrategy(_reloadable).Build();
        }
    }

    private ResiliencePipeline Build()
    {
        var builder = new ResiliencePipelineBuilder
        {
            Name = _name,
            TimeProvider = _services.GetService<TimeProvider>() ?? TimeProvider.System,
        };
        _configure(builder, new ResiliencePipelineBuildContext(_name, _services, this));
        return builder.Build();
    }

    private void Rebuild()
    {
        // Runs on the configuration provider's reload: it must not throw there. A failed rebuild keeps the current pipeline.
        if (_built is null || _reloadable is not { } reloadable)
        {
            return;
        }

        try
        {
            var rebuilt = Build();
            lock (_lock)
            {
                if (_disposed)
                {
                    rebuilt.Dispose();
                    return;
                }

                reloadable.Replace(rebuilt);
            }
        }
#pragma warning disable CA1031 // User code (the builder callback) runs here; its failure is logged and counted, never thrown into the reload.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var logger = _services.GetService<ILoggerFactory>()?.CreateLogger("Resilience.Configuration") ?? NullLogger.Instance;
            ConfigurationLog.PipelineRebuildFailed(logger, _name, ex);
            ConfigurationMetrics.RecordReloadRejected(nameof(ResiliencePipeline), _name);
        }
    }
}
