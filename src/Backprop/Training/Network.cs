using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text;
using Backprop.Layers;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>A feed-forward network: a sequence of layers, each feeding the next.</summary>
public sealed class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T>[] _layers;
    private readonly Parameter<T>[] _parameters;

    /// <summary>Builds the layers for <paramref name="inputSize"/> inputs, drawing initial weights from <paramref name="random"/> (seed 0 if null).</summary>
    public Network(int inputSize, IEnumerable<ILayer<T>> layers, NumPyRandomState? random = null)
        : this(inputSize, null, layers, random) { }

    /// <summary>
    /// Builds the layers for input rows that are images of <paramref name="inputShape"/> (channels-last, one image per
    /// row), as convolution and pooling layers need; drawing initial weights from <paramref name="random"/> (seed 0 if null).
    /// </summary>
    public Network(ImageShape inputShape, IEnumerable<ILayer<T>> layers, NumPyRandomState? random = null)
        : this(inputShape.Size, inputShape, layers, random) { }

    private Network(int inputSize, ImageShape? inputShape, IEnumerable<ILayer<T>> layers, NumPyRandomState? random)
    {
        if (inputSize <= 0) throw new BackpropException($"A network needs at least one input, got {inputSize}.");
        _layers = layers.ToArray();
        if (_layers.Length == 0) throw new BackpropException("A network needs at least one layer.");
        random ??= new NumPyRandomState(0);
        int width = inputSize;
        var shape = inputShape;
        foreach (var layer in _layers)
        {
            layer.Build(width, shape, random);
            width = layer.OutputSize;
            shape = layer.OutputShape;
        }
        InputSize = inputSize;
        InputShape = inputShape;
        if (_layers[0] is Dense<T> first) first.ComputesInputGradient = false;
        if (_layers[0] is Conv2D<T> firstConvolution) firstConvolution.ComputesInputGradient = false;
        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
        _forward = [.. _layers.Select(l => (Func<Matrix<T>, Matrix<T>>)l.Forward)];
        _backward = BindBackward(_layers);
    }

    // Each layer's Forward and Backward, bound once: a delegate call is cheaper than an interface call whose site sees
    // several layer types.
    private readonly Func<Matrix<T>, Matrix<T>>[] _forward, _backward;

    /// <summary>Each of <paramref name="layers"/>' Backward, bound as a delegate, first to last.</summary>
    internal static Func<Matrix<T>, Matrix<T>>[] BindBackward(IEnumerable<ILayer<T>> layers) => [.. layers.Select(l => (Func<Matrix<T>, Matrix<T>>)l.Backward)];

    /// <summary>Builds the layers for <paramref name="inputSize"/> inputs with seed 0.</summary>
    public Network(int inputSize, params ILayer<T>[] layers) : this(inputSize, layers, null) { }

    /// <summary>Width of an input row.</summary>
    public int InputSize { get; }

    /// <summary>The layout of an input row when the network takes images, or null for plain vectors.</summary>
    public ImageShape? InputShape { get; }

    /// <summary>Width of an output row.</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<ILayer<T>> Layers => _layers;

    /// <summary>Every trainable parameter, layer by layer.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>The total number of trainable values.</summary>
    public long ParameterCount => _parameters.Sum(p => (long)p.Value.Length);

    /// <summary>Runs a batch through every layer, keeping what Backward needs; returns the last layer's output buffer.</summary>
    public Matrix<T> Forward(Matrix<T> inputs) => Forward(inputs, afterFirstLayer: null);

    /// <summary>
    /// Forward, calling <paramref name="afterFirstLayer"/> once the first layer is done (a trainer's plan starts
    /// gathering the next batch on a worker there).
    /// </summary>
    // Not inlined into the trainer's step (nor Backward): there they made one very large loop, and the 9-line neuron's
    // profile counted about 3% more samples than with the two kept apart.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal Matrix<T> Forward(Matrix<T> inputs, Action? afterFirstLayer)
    {
        CheckWidth(inputs.Columns);
        // The first layer apart: this call site and the loop's each see fewer layer types, so the JIT's profile can
        // inline them (for the 9-line neuron, both).
        var x = _forward[0](inputs);
        afterFirstLayer?.Invoke();
        for (int i = 1; i < _forward.Length; i++) x = _forward[i](x);
        return x;
    }

    /// <summary>
    /// Backpropagates ∂E/∂(output) through every layer, last to first, filling the parameter gradients.
    /// With <paramref name="gradientIsForLogits"/> the gradient is already taken with respect to the input
    /// of a final Softmax (fused softmax cross-entropy), so that layer is skipped.
    /// </summary>
    public void Backward(Matrix<T> outputGradient, bool gradientIsForLogits = false) => Backward(outputGradient, gradientIsForLogits, _backward);

    /// <summary>
    /// Backward, running layer i through <paramref name="layers"/>[i]: each layer's own Backward, or (a trainer's
    /// plan, for plain SGD) one that also takes the layer's step.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal void Backward(Matrix<T> outputGradient, bool gradientIsForLogits, Func<Matrix<T>, Matrix<T>>[] layers)
    {
        int last = LastToBackward(gradientIsForLogits);
        // The last layer apart, as the first in Forward: each call site sees fewer layer types.
        var g = layers[last](outputGradient);
        for (int i = last - 1; i >= 0; i--) g = layers[i](g);
    }

    /// <summary>Refuses, with a clear message, a loss whose gradient needs a final Softmax this network lacks.</summary>
    internal void CheckLastLayerFor(bool gradientIsForLogits) => LastToBackward(gradientIsForLogits);

    /// <summary>The index of the layer Backward starts at: the last, or the one before a final Softmax whose gradient the loss gave.</summary>
    private int LastToBackward(bool gradientIsForLogits)
    {
        int last = _layers.Length - 1;
        if (!gradientIsForLogits) return last;
        if (_layers[last] is not Softmax<T>) NoFinalSoftmax();
        return last - 1;
    }

    // The throw kept apart, so that LastToBackward is small enough to inline into every Backward.
    [DoesNotReturn]
    private static void NoFinalSoftmax() =>
        throw new BackpropException("Softmax cross-entropy needs a Softmax as the network's last layer.");

    /// <summary>
    /// Predicts a batch without touching the training buffers: safe from several threads at once. Runs through a
    /// <see cref="Predictor{T}"/> taken from a small pool the network keeps (one per thread predicting at the same
    /// moment); a server that wants no allocation at all holds its own predictor.
    /// </summary>
    public Matrix<T> Predict(Matrix<T> inputs)
    {
        CheckWidth(inputs.Columns);
        var outputs = new Matrix<T>(inputs.Rows, OutputSize);
        Predict(inputs.AsSpan(), outputs.AsSpan());
        return outputs;
    }

    /// <summary>Predicts one sample.</summary>
    public T[] Predict(ReadOnlySpan<T> input)
    {
        CheckWidth(input.Length);
        var outputs = new T[OutputSize];
        Predict(input, outputs);
        return outputs;
    }

    /// <summary>Rows in, outputs out, through a pooled predictor.</summary>
    private void Predict(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        var predictor = RentPredictor();
        try
        {
            predictor.Predict(inputs, outputs);
        }
        finally
        {
            lock (_predictors) _predictors.Push(predictor);
        }
    }

    // Predictors not in use; one is made when every one is busy, so there are as many as the most threads that ever
    // predicted at once. A lock around a stack: uncontended it costs tens of nanoseconds and allocates nothing.
    private readonly Stack<Predictor<T>> _predictors = new();

    /// <summary>The batch size of the pooled predictors' buffers: larger batches run that many rows at a time.</summary>
    internal const int PooledPredictorBatch = 64;

    private Predictor<T> RentPredictor()
    {
        lock (_predictors)
            if (_predictors.TryPop(out var predictor)) return predictor;
        return new Predictor<T>(this, PooledPredictorBatch);
    }

    private void CheckWidth(int columns)
    {
        if (columns != InputSize) WrongWidth(columns);
    }

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The network expects {InputSize} input values per sample, got {columns}.");

    /// <summary>
    /// Loads a network saved with <c>network.Save(path)</c> (a safetensors model file); the file's numeric type must
    /// be <typeparamref name="T"/>. <see cref="Serialization.ModelFile.Load(string)"/> also returns the metadata
    /// (normalisation, label names) and reads either type.
    /// </summary>
    public static Network<T> Load(string path) => Serialization.ModelFile.Load<T>(path).Network;

    /// <summary>A table of the layers, their output shapes and parameter counts.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        // Images show as (batch, height, width, channels), as Keras prints them.
        static string Shape(ImageShape? image, int width) =>
            image is { } s ? $"(batch, {s.Height}, {s.Width}, {s.Channels})" : $"(batch, {width})";
        int shapeWidth = Math.Max(16, _layers.Max(l => Shape(l.OutputShape, l.OutputSize).Length + 2));
        int rule = 22 + shapeWidth + 12;
        sb.AppendLine($"{"Layer",-22}{"Output shape".PadRight(shapeWidth)}{"Parameters",12}");
        sb.AppendLine(new string('─', rule));
        sb.AppendLine($"{"Input",-22}{Shape(InputShape, InputSize).PadRight(shapeWidth)}{0,12}");
        for (int i = 0; i < _layers.Length; i++)
        {
            var l = _layers[i];
            string name = l switch
            {
                Dense<T> d => $"Dense{(d.HasBias ? "" : " (no bias)")}",
                Conv2D<T> c => $"Conv2D {c.KernelSize}×{c.KernelSize}{(c.Stride > 1 ? $"/{c.Stride}" : "")}{(c.Padding == Padding.Same ? " same" : "")}",
                MaxPool2D<T> m => $"MaxPool2D {m.PoolSize}×{m.PoolSize}{(m.Stride != m.PoolSize ? $"/{m.Stride}" : "")}",
                Dropout<T> r => $"Dropout {r.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                _ => l.Name,
            };
            long count = l.Parameters.Sum(p => (long)p.Value.Length);
            sb.AppendLine($"{$"{i + 1}. {name}",-22}{Shape(l.OutputShape, l.OutputSize).PadRight(shapeWidth)}{count,12:N0}");
        }
        sb.AppendLine(new string('─', rule));
        sb.Append($"Total parameters: {ParameterCount:N0} ({(typeof(T) == typeof(float) ? "float32" : typeof(T) == typeof(double) ? "float64" : typeof(T).Name)})");
        return sb.ToString();
    }
}
