using System.Numerics;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// Updates parameters from their gradients. Keeps per-parameter state (velocities, moments) created on
/// the first step, so later steps allocate nothing. L2 weight decay adds λ·w to each gradient, and L1 adds λ₁·sign(w).
/// </summary>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[][] _state = [];

    /// <summary>Creates the optimizer.</summary>
    protected Optimizer(double learningRate, double weightDecay)
    {
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    private T _learningRate;
    private double _rate;

    /// <summary>
    /// The step size η. It may change between steps (a learning-rate schedule sets it between epochs); the next step
    /// uses the new value.
    /// </summary>
    public double LearningRate
    {
        get => _rate;
        set
        {
            _rate = LearningRateRule.Checked(value);
            _learningRate = T.CreateChecked(value);
        }
    }

    /// <summary>η in the network's number type, as the next step multiplies by it (a fused step reads it at each step).</summary>
    internal T Eta => _learningRate;

    /// <summary>The L2 coefficient λ (0 for none). Like the rate, it may change between steps (the playground's live regularisation rate).</summary>
    public double WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = value >= 0 ? value : throw new BackpropException($"Weight decay must be zero or positive, got {value}.");
    }

    private double _weightDecay;

    /// <summary>
    /// The L1 coefficient λ₁ (0 for none): each step adds λ₁·sign(w) to the gradient, the slope of λ₁·Σ|w| (0 where
    /// w = 0), which pushes small weights to zero, as TensorFlow Playground's L1 regularisation does.
    /// </summary>
    public double L1
    {
        get => _l1;
        set => _l1 = value >= 0 && double.IsFinite(value) ? value : throw new BackpropException($"The L1 coefficient must be zero or positive, got {value}.");
    }

    private double _l1;

    /// <summary>The name used on the command line and in checkpoints, as its entry in <see cref="OptimizerFactory.All"/> gives it.</summary>
    public abstract string Name { get; }

    /// <summary>Number of steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>How many state buffers each parameter needs (0 for SGD, 1 for momentum, 2 for Adam).</summary>
    protected abstract int StateBuffersPerParameter { get; }

    /// <summary><see cref="StateBuffersPerParameter"/>, for the memory estimate.</summary>
    internal int StateBuffers => StateBuffersPerParameter;

    /// <summary>Applies one update to every parameter.</summary>
    public void Step(IReadOnlyList<Parameter<T>> parameters)
    {
        // The network hands over its array: index it directly rather than through the interface.
        if (parameters is Parameter<T>[] array) Step(array);
        else Step(parameters.ToArray());
    }

    /// <summary>Applies one update to every parameter of <paramref name="parameters"/> (the trainer's own array).</summary>
    internal void Step(Parameter<T>[] parameters)
    {
        int perParameter = _perParameter >= 0 ? _perParameter : _perParameter = StateBuffersPerParameter;
        if (_state.Length != parameters.Length * perParameter)
        {
            _state = new T[parameters.Length * perParameter][];
            for (int i = 0; i < parameters.Length; i++)
                for (int s = 0; s < perParameter; s++)
                    _state[i * perParameter + s] = new T[parameters[i].Value.Length];
        }
        Steps++;
        T lr = _learningRate;
        for (int i = 0; i < parameters.Length; i++)
        {
            int length = parameters[i].Value.Length;
            // Big parameters are updated on the threads the current compute context allows, in parts of at least
            // half the threshold: each weight's update is independent of the others, so the split changes no number.
            int parts = length >= ParallelThreshold ? Math.Min(Tensors.ComputeContext.ThreadsHere, length / (ParallelThreshold / 2)) : 1;
            if (parts > 1)
            {
                _parallel ??= new ParallelUpdate(this);
                _parallel.Set(parameters[i], i * perParameter, lr, parts);
                if (Tensors.ComputeContext.Current.Pool.TryRun(_parallel, parts, parts)) continue;
            }
            UpdateRange(parameters[i], i * perParameter, 0, length, lr);
        }
    }

    /// <summary>Parameters with at least this many values are updated on several threads.</summary>
    internal const int ParallelThreshold = 1 << 15;

    private ParallelUpdate? _parallel;
    private int _perParameter = -1;   // StateBuffersPerParameter, read on the first step

    private void UpdateRange(Parameter<T> parameter, int stateIndex, int start, int end, T lr)
    {
        var w = parameter.Value.AsSpan()[start..end];
        var g = parameter.Gradient.AsSpan()[start..end];
        if (WeightDecay != 0)
        {
            T decay = T.CreateChecked(WeightDecay);
            for (int j = 0; j < g.Length; j++) g[j] += decay * w[j];   // ∂(E + λ/2·‖w‖²)/∂w = g + λw
        }
        if (_l1 != 0)
        {
            T l1 = T.CreateChecked(_l1);
            for (int j = 0; j < g.Length; j++) g[j] += w[j] > T.Zero ? l1 : w[j] < T.Zero ? -l1 : T.Zero;   // ∂(E + λ₁·Σ|w|)/∂w = g + λ₁·sign(w)
        }
        Update(w, g, _state.AsSpan(stateIndex, _perParameter), start, lr, Steps);
    }

    /// <summary>
    /// Updates the values <paramref name="w"/> of a parameter (the range starting at <paramref name="offset"/>)
    /// from their gradients <paramref name="g"/>; the state buffers cover the whole parameter, so a subclass
    /// reads its range at <paramref name="offset"/>.
    /// </summary>
    protected abstract void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, int offset, T learningRate, long step);

    /// <summary>One parameter's update cut into contiguous parts, run on the compute context's worker pool.</summary>
    private sealed class ParallelUpdate(Optimizer<T> owner) : Tensors.ParallelWork
    {
        private Parameter<T> _parameter = null!;
        private int _stateIndex, _parts;
        private T _lr;

        public void Set(Parameter<T> parameter, int stateIndex, T lr, int parts)
        {
            _parameter = parameter; _stateIndex = stateIndex; _lr = lr; _parts = parts;
        }

        public override void Execute(int chunk)
        {
            int length = _parameter.Value.Length;
            // Cut on multiples of 64 values so each part but the last is whole vectors.
            int start = (int)((long)length * chunk / _parts) & ~63, end = chunk == _parts - 1 ? length : (int)((long)length * (chunk + 1) / _parts) & ~63;
            owner.UpdateRange(_parameter, _stateIndex, start, end, _lr);
        }
    }

    /// <summary>The state for a checkpoint: the step count and every buffer.</summary>
    public (long Steps, T[][] Buffers) GetState() => (Steps, _state.Select(b => b.ToArray()).ToArray());

    /// <summary>Restores a state taken with <see cref="GetState"/>.</summary>
    public void SetState(long steps, T[][] buffers)
    {
        Steps = steps;
        _state = buffers.Select(b => b.ToArray()).ToArray();
    }
}

/// <summary>
/// The one rule for a learning rate: a positive, finite number. The optimizer's setter applies it, and so does a
/// schedule to the initial rate it takes from the optimizer.
/// </summary>
internal static class LearningRateRule
{
    /// <summary><paramref name="rate"/>, or a clear error when it is not a positive number.</summary>
    public static double Checked(double rate) =>
        rate > 0 && !double.IsInfinity(rate) ? rate : throw new BackpropException($"The learning rate must be a positive number, got {rate}.");
}
