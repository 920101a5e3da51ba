using System.Numerics;
using Backprop.Data;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// Gathers the next batch on the compute context's first worker, into a second pair of buffers, while the trainer's
/// thread runs the current step. A shuffled batch's rows lie scattered over the whole data set (47 MB of
/// Fashion-MNIST pixels), so its gather waits on memory for 20–45 µs. The fast path starts it once the first layer's
/// forward product is done: the worker then has nothing to do until the first layer's backward product, and the
/// gather (about 26 µs there) fills that gap. Measured on the project's VM, a Fashion-MNIST epoch went from 0.19 s to
/// 0.17 s (0.18 s when the gather started after the whole forward pass).
/// </summary>
internal sealed class BatchPrefetch<T> : ParallelWork where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _data;
    private Matrix<T> _inputs, _targets;
    private ReadOnlyMemory<int> _indices;
    private WorkerPool? _pool;
    private bool _armed;

    /// <summary>Prepares to gather batches of up to <paramref name="rows"/> rows of <paramref name="data"/>.</summary>
    public BatchPrefetch(Dataset<T> data, int rows)
    {
        _data = data;
        _inputs = new Matrix<T>(rows, data.InputSize);
        _targets = new Matrix<T>(rows, data.TargetSize);
    }

    /// <summary>True when a gather was started and has not been collected.</summary>
    public bool Running => _pool is not null;

    /// <summary>Arms the gather of <paramref name="indices"/>: <see cref="Start"/> starts it.</summary>
    public void Arm(ReadOnlyMemory<int> indices)
    {
        _indices = indices;
        _armed = true;
    }

    /// <summary>Starts the armed gather, if any, on the current compute context's first worker.</summary>
    public void Start()
    {
        if (!_armed) return;
        _armed = false;
        _inputs.SetRowCount(_indices.Length);
        _targets.SetRowCount(_indices.Length);
        // Not started when one thread is allowed just now, or the worker is taken: the next step then gathers for itself.
        var pool = ComputeContext.Current.Pool;
        if (pool.TryPost(this, ComputeContext.ThreadsHere)) _pool = pool;
    }

    /// <summary>Waits for the gather, then swaps its buffers into <paramref name="batch"/>.</summary>
    public void Collect(BatchBuffers<T> batch)
    {
        _pool!.WaitPosted();
        _pool = null;
        (batch.Inputs, _inputs) = (_inputs, batch.Inputs);
        (batch.Targets, _targets) = (_targets, batch.Targets);
    }

    /// <summary>Disarms, and waits for a gather still running without rethrowing what it threw (the loop is ending anyway).</summary>
    public void Abandon()
    {
        _armed = false;
        _pool?.WaitPosted(rethrow: false);
        _pool = null;
    }

    /// <inheritdoc />
    public override void Execute(int chunk) => _data.Gather(_indices.Span, _inputs, _targets);
}
