using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// Max pooling over images stored channels-last (NHWC, one image per row): each channel of each P×P window becomes
/// its largest value. Windows step by the stride (the pool size by default) and must fit whole (no padding).
/// </summary>
/// <remarks>
/// This file holds the plain loops (<see cref="ForwardPlain"/>, <see cref="BackwardPlain"/>); training runs the same
/// comparisons a vector of channels at a time on every core, in MaxPool2D.Fast.cs, and a test holds the two to the
/// same bits.
/// </remarks>
public sealed partial class MaxPool2D<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ImageShape? _declaredInput;
    private Matrix<T>? _output, _inputGradient;
    // Where each output's maximum came from, as an index into its image's row (the plain version's record).
    private int[] _argmax = [];
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
        var shape = ImageShape.ForLayer(Name, inputSize, inputShape, _declaredInput);
        var output = new SlidingWindow(PoolSize, Stride, Padding.Valid).Output(shape, shape.Channels, "MaxPool2D");
        InputShape = shape;
        OutputShape = output;
        InputSize = inputSize;
        OutputSize = output.Size;
        // Where place p = ky·P + kx of a window lies, counted from the window's first value (for MaxPool2D.Fast.cs).
        _offsets = new int[PoolSize * PoolSize];
        for (int p = 0; p < _offsets.Length; p++) _offsets[p] = ((p / PoolSize) * shape.Width + p % PoolSize) * shape.Channels;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The comparisons are <see cref="ForwardPlain"/>'s, made a vector of channels at a time on every core
    /// (<see cref="ForwardInVectors"/>, in MaxPool2D.Fast.cs): the same maxima from the same places, bit for bit.
    /// </remarks>
    public Matrix<T> Forward(Matrix<T> input) => ForwardInVectors(input);

    /// <inheritdoc />
    /// <remarks><see cref="BackwardPlain"/>'s routing, a vector of channels at a time on every core (<see cref="BackwardInVectors"/>).</remarks>
    public Matrix<T> Backward(Matrix<T> outputGradient) => BackwardInVectors(outputGradient);

    /// <inheritdoc />
    /// <remarks>The vector loops of MaxPool2D.Fast.cs, on the calling thread, without recording where the maxima were.</remarks>
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        Pool(input, output, null, 0, input.Rows);
    }

    /// <summary>
    /// The plain loops: y[n, oy, ox, c] = max over the window of x[n, y, x, c], remembering where each maximum was: the
    /// first, in reading order, when several are equal.
    /// </summary>
    internal Matrix<T> ForwardPlain(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        var output = Buffers.Ensure(ref _output, input.Rows, OutputSize);
        if (_argmax.Length < output.Length) _argmax = new int[output.Length];
        _rows = input.Rows;
        for (int n = 0; n < input.Rows; n++)
        {
            ReadOnlySpan<T> x = input.Row(n);
            var y = output.Row(n);
            for (int oy = 0; oy < outShape.Height; oy++)
            for (int ox = 0; ox < outShape.Width; ox++)
            for (int c = 0; c < inShape.Channels; c++)
            {
                int best = inShape.Index(oy * Stride, ox * Stride, c);
                for (int ky = 0; ky < PoolSize; ky++)
                for (int kx = 0; kx < PoolSize; kx++)
                {
                    int i = inShape.Index(oy * Stride + ky, ox * Stride + kx, c);
                    if (x[i] > x[best]) best = i;
                }
                int o = outShape.Index(oy, ox, c);
                y[o] = x[best];
                _argmax[n * OutputSize + o] = best;
            }
        }
        return output;
    }

    /// <summary>
    /// ∂y/∂x is 1 for the window's maximum and 0 for the rest: each output's gradient is added to the input its maximum
    /// came from (an input that is the maximum of several overlapping windows gets the sum of their gradients), and
    /// every other input's gradient is 0.
    /// </summary>
    internal Matrix<T> BackwardPlain(Matrix<T> outputGradient)
    {
        if (_output is null) throw new InvalidOperationException("Backward called before Forward.");
        var inputGradient = Buffers.Ensure(ref _inputGradient, _rows, InputSize);
        inputGradient.Fill(T.Zero);
        for (int n = 0; n < _rows; n++)
        {
            ReadOnlySpan<T> g = outputGradient.Row(n);
            var dx = inputGradient.Row(n);
            for (int o = 0; o < OutputSize; o++) dx[_argmax[n * OutputSize + o]] += g[o];
        }
        return inputGradient;
    }

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The MaxPool2D layer expects {InputSize} inputs per row ({InputShape} images), got {columns}.");
}
