using System.Runtime.CompilerServices;
using Resilience.Internal;
namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// The one stage of a registered pipeline that follows reloads: it runs the current build of the pipeline, which a
/// reload swaps, so a pipeline instance handed out before the reload runs the new stages. A replaced build is
/// disposed (its timer wheels released) once the last call that entered it has ended, so reloads do not pile up
/// timers and no call ever runs on a disposed build.
/// </summary>
internal sealed class ReloadableStage : ResilienceStrategy, IDisposable
{
    private volatile CountedBuild _current;
    private volatile bool _disposed;

    public ReloadableStage(ResiliencePipeline current) => _current = new CountedBuild(current);

    /// <summary>Gets the current build.</summary>
    public ResiliencePipeline Current => _current.Pipeline;

    /// <summary>Gets the current build: a stage that runs another pipeline shows it as its options, so descriptors
    /// (Resilience.Testing) list the stages inside.</summary>
    public override object? Options => _current.Pipeline;

    /// <summary>Makes <paramref name="pipeline"/> the build new calls run; the previous one is disposed after its last call.</summary>
    public void Replace(ResiliencePipeline pipeline)
    {
        if (_disposed)
        {
            pipeline.Dispose();
            return;
        }

        var previous = Interlocked.Exchange(ref _current, new CountedBuild(pipeline));
        previous.Release();
    }

    /// <summary>Disposes the current build once its calls in flight have ended; later calls fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _current.Release();
        }
    }

    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (!TryEnterCurrent(out var build))
        {
            return ValueTask.FromException<Outcome<TResult>>(new ObjectDisposedException(nameof(ResiliencePipeline)));
        }

        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = build.Pipeline.ExecuteOutcomeAsync(callback, context, state);
        }
        catch
        {
            build.Release();
            throw;
        }

        if (pending.IsCompleted)
        {
            build.Release();
            return pending;
        }

        return ReleaseWhenDoneAsync(pending, build);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<TResult>> ReleaseWhenDoneAsync<TResult>(ValueTask<Outcome<TResult>> pending, CountedBuild build)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            build.Release();
        }
    }

    private bool TryEnterCurrent(out CountedBuild build)
    {
        while (true)
        {
            build = _current;
            if (build.TryEnter())
            {
                return true;
            }

            // The build was replaced (read it again) or the stage was disposed (nothing left to run).
            if (_disposed && ReferenceEquals(build, _current))
            {
                return false;
            }
        }
    }

    /// <summary>A build and its reference count: one for being current, one per call inside it.</summary>
    private sealed class CountedBuild(ResiliencePipeline pipeline)
    {
        private int _references = 1;

        public ResiliencePipeline Pipeline { get; } = pipeline;

        public bool TryEnter()
        {
            var seen = Volatile.Read(ref _references);
            while (seen > 0)
            {
                var previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
                if (previous == seen)
                {
                    return true;
                }

                seen = previous;
            }

            return false;
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Pipeline.Dispose();
            }
        }
    }
}
