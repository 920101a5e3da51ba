using System.Numerics;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// Updates parameters from their gradients. Keeps per-parameter state (velocities, moments) created on
/// the first step, so later steps allocate nothing. L2 weight decay adds λ·w to each gradient.
/// </summary>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[][] _state = [];

    /// <summary>Creates the optimizer.</summary>
    protected Optimizer(double learningRate, double weightDecay)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new BackpropException($"The learning rate must be a positive number, got {learningRate}.");
        if (!(weightDecay >= 0)) throw new BackpropException($"Weight decay must be zero or positive, got {weightDecay}.");
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The step size η.</summary>
    public double LearningRate { get; }

    /// <summary>The L2 coefficient λ (0 for none).</summary>
    public double WeightDecay { get; }

    /// <summary>The name used on the command line: sgd, momentum, nesterov or adam.</summary>
    public abstract string Name { get; }

    /// <summary>Number of steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>How many state buffers each parameter needs (0 for SGD, 1 for momentum, 2 for Adam).</summary>
    protected abstract int StateBuffersPerParameter { get; }

    /// <summary>Applies one update to every parameter.</summary>
    public void Step(IReadOnlyList<Parameter<T>> parameters)
    {
        // The network hands over its array: index it directly rather than through the interface.
        if (parameters is Parameter<T>[] array) Step(array);
        else Step(parameters.ToArray());
    }

    private void Step(Parameter<T>[] parameters)
    {
        int perParameter = StateBuffersPerParameter;
        if (_state.Length != parameters.Length * perParameter)
        {
            _state = new T[parameters.Length * perParameter][];
            for (int i = 0; i < parameters.Length; i++)
                for (int s = 0; s < perParameter; s++)
                    _state[i * perParameter + s] = new T[parameters[i].Value.Length];
        }
        Steps++;
        T lr = T.CreateChecked(LearningRate), decay = T.CreateChecked(WeightDecay);
        for (int i = 0; i < parameters.Length; i++)
        {
            var w = parameters[i].Value.AsSpan();
            var g = parameters[i].Gradient.AsSpan();
            if (WeightDecay != 0)
                for (int j = 0; j < g.Length; j++) g[j] += decay * w[j];   // ∂(E + λ/2·‖w‖²)/∂w = g + λw
            Update(w, g, _state.AsSpan(i * perParameter, perParameter), lr, Steps);
        }
    }

    /// <summary>Updates one parameter <paramref name="w"/> from its gradient <paramref name="g"/>.</summary>
    protected abstract void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, T learningRate, long step);

    /// <summary>The state for a checkpoint: the step count and every buffer.</summary>
    public (long Steps, T[][] Buffers) GetState() => (Steps, _state.Select(b => b.ToArray()).ToArray());

    /// <summary>Restores a state taken with <see cref="GetState"/>.</summary>
    public void SetState(long steps, T[][] buffers)
    {
        Steps = steps;
        _state = buffers.Select(b => b.ToArray()).ToArray();
    }
}
