using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Layers;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// Serves predictions from a network: rows in, outputs out, through buffers made once, so a running server allocates
/// nothing per call. <see cref="Network{T}.Predict(Matrix{T})"/> runs through one of these, so the two give the same
/// numbers to the bit.
/// </summary>
/// <remarks>
/// A predictor belongs to one caller at a time (it throws when two threads use it at once): give each thread its own,
/// or keep a few in a pool. They share the network's weights, read at every call, so a network that goes on
/// training is served with its current weights; training and predicting at the same moment is not supported.
/// </remarks>
/// <example><code>
/// var predictor = new Predictor&lt;float&gt;(network, maxBatch: 64);
/// float[] scores = new float[predictor.OutputSize];
/// predictor.Predict(pixels, scores);   // 784 inputs in, 10 outputs out, no allocation
/// </code></example>
public sealed class Predictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T>[] _layers;
    private readonly Matrix<T> _input;
    // Each layer's output, for MaxBatch rows; null for a layer that passes its input on unchanged (Flatten, Dropout).
    private readonly Matrix<T>?[] _outputs;
    private readonly Conv2D<T>.InferenceBuffers?[] _convolution;
    private int _busy;

    /// <summary>Makes the buffers for batches of up to <paramref name="maxBatch"/> rows (larger batches run that many rows at a time).</summary>
    public Predictor(Network<T> network, int maxBatch = 64)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (maxBatch < 1) throw new BackpropException($"A predictor needs room for at least one row, got a largest batch of {maxBatch}.");
        MaxBatch = maxBatch;
        InputSize = network.InputSize;
        OutputSize = network.OutputSize;
        _layers = [.. network.Layers];
        _input = new Matrix<T>(maxBatch, InputSize);
        _outputs = new Matrix<T>?[_layers.Length];
        _convolution = new Conv2D<T>.InferenceBuffers?[_layers.Length];
        for (int i = 0; i < _layers.Length; i++)
        {
            var layer = _layers[i];
            if (PassesThrough(layer)) continue;
            _outputs[i] = new Matrix<T>(maxBatch, layer.OutputSize);
            if (layer is Conv2D<T> convolution) _convolution[i] = convolution.NewInferenceBuffers(maxBatch);
        }
        // The last layer always writes into a buffer of its own, even one that passes its input on.
        _outputs[^1] ??= new Matrix<T>(maxBatch, OutputSize);
    }

    /// <summary>The most rows one pass through the buffers takes.</summary>
    public int MaxBatch { get; }

    /// <summary>Values per input row.</summary>
    public int InputSize { get; }

    /// <summary>Values per output row.</summary>
    public int OutputSize { get; }

    /// <summary>
    /// Predicts the rows of <paramref name="inputs"/> (<see cref="InputSize"/> values each, one after another) into
    /// <paramref name="outputs"/> (<see cref="OutputSize"/> values per row). Allocates nothing.
    /// </summary>
    /// <exception cref="BackpropException">The spans do not hold whole rows, or do not hold the same number of rows.</exception>
    public void Predict(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int rows = inputs.Length / InputSize;
        if (rows * InputSize != inputs.Length || outputs.Length != rows * OutputSize) WrongLengths(inputs.Length, outputs.Length);
        if (Interlocked.Exchange(ref _busy, 1) != 0) InUse();
        try
        {
            for (int first = 0; first < rows; first += MaxBatch)
            {
                int count = Math.Min(MaxBatch, rows - first);
                _input.SetRowCount(count);
                inputs.Slice(first * InputSize, count * InputSize).CopyTo(_input.AsSpan());
                Run(_input).AsSpan().CopyTo(outputs.Slice(first * OutputSize, count * OutputSize));
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Every layer over the rows of <paramref name="input"/> (at most <see cref="MaxBatch"/>); returns the buffer holding the last layer's output.</summary>
    private Matrix<T> Run(Matrix<T> input)
    {
        var x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            var y = _outputs[i];
            if (y is null) continue;
            y.SetRowCount(x.Rows);
            switch (_layers[i])
            {
                case Dense<T> dense: dense.Infer(x, y); break;
                case Conv2D<T> convolution: convolution.Infer(x, y, _convolution[i]!); break;
                case var layer when PassesThrough(layer): x.CopyTo(y); break;
                case var layer: layer.Apply(x, y); break;
            }
            x = y;
        }
        return x;
    }

    /// <summary>A layer whose prediction is its input unchanged: the buffers skip it.</summary>
    private static bool PassesThrough(ILayer<T> layer) => layer is Flatten<T> or Dropout<T>;

    [DoesNotReturn]
    private void WrongLengths(int inputs, int outputs) =>
        throw new BackpropException(
            $"A prediction takes rows of {InputSize} input values and gives {OutputSize} output values per row; got {inputs} inputs and room for {outputs} outputs.");

    [DoesNotReturn]
    private static void InUse() =>
        throw new InvalidOperationException("This predictor is already running on another thread: give each thread its own (or take one from a pool).");
}
