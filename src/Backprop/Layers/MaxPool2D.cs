using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// Max pooling over images stored channels-last (NHWC, one image per row): each channel of each P×P window becomes
/// its largest value. Windows step by the stride (the pool size by default) and must fit whole (no padding).
/// </summary>
public sealed class MaxPool2D<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ImageShape? _declaredInput;
    private SlidingWindow _window;
    private Matrix<T>? _output, _inputGradient;
    private int[] _winners = [];
    private int _rows;

    /// <summary>Creates a pooling layer with <paramref name="poolSize"/>×<paramref name="poolSize"/> windows.</summary>
    /// <param name="poolSize">The window's height and width.</param>
    /// <param name="stride">The step between two windows; the pool size (windows side by side) by default.</param>
    /// <param name="inputShape">The input's shape, when the layer is built without one.</param>
    public MaxPool2D(int poolSize = 2, int? stride = null, ImageShape? inputShape = null)
    {
        if (poolSize <= 0) throw new BackpropException($"A MaxPool2D window must be at least 1×1, got {poolSize}.");
        if (stride is <= 0) throw new BackpropException($"A MaxPool2D stride must be at least 1, got {stride}.");
        PoolSize = poolSize;
        Stride = stride ?? poolSize;
        _declaredInput = inputShape;
    }

    /// <inheritdoc />
    public string Name => "MaxPool2D";

    /// <summary>The window's height and width.</summary>
    public int PoolSize { get; }

    /// <summary>The step between two windows.</summary>
    public int Stride { get; }

    /// <summary>The input's shape (known after Build).</summary>
    public ImageShape InputShape { get; private set; }

    /// <inheritdoc />
    public ImageShape? OutputShape { get; private set; }

    /// <inheritdoc />
    public int InputSize { get; private set; }

    /// <inheritdoc />
    public int OutputSize { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <inheritdoc />
    public LayerConfig Config => new("MaxPool2D", Kernel: PoolSize, Stride: Stride);

    /// <inheritdoc />
    public Matrix<T>? Output => _output;

    /// <inheritdoc />
    public Matrix<T>? InputGradient => _inputGradient;

    /// <inheritdoc />
    public void Build(int inputSize, NumPyRandomState random) => Build(inputSize, null, random);

    /// <inheritdoc />
    public void Build(int inputSize, ImageShape? inputShape, NumPyRandomState random)
    {
        var shape = inputShape ?? _declaredInput ?? throw new BackpropException(
            "A MaxPool2D layer needs its input's shape (height × width × channels): build the network with " +
            "new Network<T>(new ImageShape(28, 28, 1), layers), or give the layer an inputShape.");
        if (shape.Size != inputSize)
            throw new BackpropException($"A MaxPool2D layer was given {inputSize} inputs per row, but its input shape {shape} has {shape.Size}.");
        _window = new SlidingWindow(PoolSize, Stride, Padding.Valid);
        var output = _window.Output(shape, shape.Channels, "MaxPool2D");
        InputShape = shape;
        OutputShape = output;
        InputSize = inputSize;
        OutputSize = output.Size;
    }

    /// <inheritdoc />
    public Matrix<T> Forward(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        var output = Buffers.Ensure(ref _output, input.Rows, OutputSize);
        if (_winners.Length < output.Length) _winners = new int[output.Capacity * OutputSize];
        _rows = input.Rows;
        Pool(input, output, _winners);
        return output;
    }

    /// <inheritdoc />
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        Pool(input, output, null);
    }

    /// <summary>
    /// y[n, oy, ox, c] = max over the window of x[n, y, x, c]; with <paramref name="winners"/>, also where each maximum
    /// came from (its index in the input row; the first, in reading order, when several are equal).
    /// </summary>
    private void Pool(Matrix<T> input, Matrix<T> output, int[]? winners)
    {
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        int c = inShape.Channels;
        for (int n = 0; n < input.Rows; n++)
        {
            ReadOnlySpan<T> x = input.Row(n);
            var y = output.Row(n);
            var from = winners is null ? default : winners.AsSpan(n * OutputSize, OutputSize);
            for (int oy = 0; oy < outShape.Height; oy++)
            {
                for (int ox = 0; ox < outShape.Width; ox++)
                {
                    int o = (oy * outShape.Width + ox) * c;
                    int corner = (oy * Stride * inShape.Width + ox * Stride) * c;
                    for (int ch = 0; ch < c; ch++)
                    {
                        int best = corner + ch;
                        for (int ky = 0; ky < PoolSize; ky++)
                        {
                            int rowStart = corner + ky * inShape.Width * c + ch;
                            for (int kx = 0; kx < PoolSize; kx++)
                            {
                                int i = rowStart + kx * c;
                                if (x[i] > x[best]) best = i;
                            }
                        }
                        y[o + ch] = x[best];
                        if (winners is not null) from[o + ch] = best;
                    }
                }
            }
        }
    }

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The MaxPool2D layer expects {InputSize} inputs per row ({InputShape} images), got {columns}.");

    /// <inheritdoc />
    public Matrix<T> Backward(Matrix<T> outputGradient)
    {
        if (_output is null) throw new InvalidOperationException("Backward called before Forward.");
        // ∂y/∂x is 1 for the window's maximum and 0 for the rest: each output's gradient goes to the input it came from.
        var inputGradient = Buffers.Ensure(ref _inputGradient, _rows, InputSize);
        for (int n = 0; n < _rows; n++)
        {
            ReadOnlySpan<T> g = outputGradient.Row(n);
            ReadOnlySpan<int> from = _winners.AsSpan(n * OutputSize, OutputSize);
            var dx = inputGradient.Row(n);
            dx.Clear();
            // Overlapping windows (stride below the pool size) can share a maximum: add, do not overwrite.
            for (int o = 0; o < g.Length; o++) dx[from[o]] += g[o];
        }
        return inputGradient;
    }
}
