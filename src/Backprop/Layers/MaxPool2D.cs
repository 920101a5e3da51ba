using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.Intrinsics;
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
    private Matrix<T>? _output, _inputGradient;
    private T[] _winners = [];
    private int[] _offsets = [];
    private int _rows;
    private Matrix<T>? _input, _outputGradient;
    // The per-image steps, bound once so that sharing them out over the cores allocates nothing (see RowParallel).
    private readonly Action<int, int> _pool, _route;

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
        _pool = (first, end) => Pool(_input!, _output!, _winners, first, end);
        _route = (first, end) => Route(_outputGradient!, _inputGradient!, first, end);
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
        // Where place p = ky·P + kx of a window lies, counted from the window's first value.
        _offsets = new int[PoolSize * PoolSize];
        for (int p = 0; p < _offsets.Length; p++) _offsets[p] = ((p / PoolSize) * shape.Width + p % PoolSize) * shape.Channels;
    }

    /// <inheritdoc />
    public Matrix<T> Forward(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        var output = Buffers.Ensure(ref _output, input.Rows, OutputSize);
        if (_winners.Length < output.Length) _winners = new T[output.Capacity * OutputSize];
        _rows = input.Rows;
        _input = input;
        RowParallel.For(input.Rows, InputSize, _pool);
        return output;
    }

    /// <inheritdoc />
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        Pool(input, output, null, 0, input.Rows);
    }

    /// <summary>
    /// y[n, oy, ox, c] = max over the window of x[n, y, x, c]; with <paramref name="winners"/>, also which place of the
    /// window (ky·P + kx) each maximum came from: the first, in reading order, when several are equal.
    /// </summary>
    /// <remarks>
    /// Channels-last puts a pixel's channels side by side, so a vector holds <see cref="Vector256{T}.Count"/> channels
    /// of one pixel, and each place of the window is compared a vector at a time without a branch (a branch per
    /// comparison mispredicts about half the time on real data). The place is kept as a <typeparamref name="T"/>, so it
    /// follows the same comparison mask.
    /// </remarks>
    private void Pool(Matrix<T> input, Matrix<T> output, T[]? winners, int first, int end)
    {
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        int c = inShape.Channels, places = PoolSize * PoolSize, vectorEnd = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
        for (int n = first; n < end; n++)
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
                    for (int ch = 0; ch < vectorEnd; ch += Vector256<T>.Count)
                    {
                        var best = Vector256.Create<T>(x.Slice(corner + ch));
                        var place = Vector256<T>.Zero;
                        for (int p = 1; p < places; p++)
                        {
                            var v = Vector256.Create<T>(x.Slice(corner + _offsets[p] + ch));
                            var larger = Vector256.GreaterThan(v, best);
                            best = Vector256.ConditionalSelect(larger, v, best);
                            place = Vector256.ConditionalSelect(larger, Vector256.Create(T.CreateTruncating(p)), place);
                        }
                        best.CopyTo(y.Slice(o + ch));
                        if (winners is not null) place.CopyTo(from.Slice(o + ch));
                    }
                    for (int ch = vectorEnd; ch < c; ch++)
                    {
                        int bestPlace = 0;
                        T best = x[corner + ch];
                        for (int p = 1; p < places; p++)
                        {
                            T v = x[corner + _offsets[p] + ch];
                            if (v > best) (best, bestPlace) = (v, p);
                        }
                        y[o + ch] = best;
                        if (winners is not null) from[o + ch] = T.CreateTruncating(bestPlace);
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
        _inputGradient = Buffers.Ensure(ref _inputGradient, _rows, InputSize);
        _outputGradient = outputGradient;
        RowParallel.For(_rows, InputSize, _route);
        return _inputGradient;
    }

    /// <summary>The gradients of images first … end − 1, each output's sent to the place of its window that won.</summary>
    private void Route(Matrix<T> outputGradient, Matrix<T> inputGradient, int first, int end)
    {
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        int c = inShape.Channels, places = PoolSize * PoolSize, vectorEnd = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
        // Windows side by side (stride = pool size) cover each input at most once, so each place's gradient is written
        // once and only what no window covers is cleared; overlapping windows add into a cleared gradient.
        bool tiled = Stride == PoolSize;
        for (int n = first; n < end; n++)
        {
            ReadOnlySpan<T> g = outputGradient.Row(n);
            ReadOnlySpan<T> from = _winners.AsSpan(n * OutputSize, OutputSize);
            var dx = inputGradient.Row(n);
            if (tiled) ClearUncovered(dx);
            else dx.Clear();
            for (int oy = 0; oy < outShape.Height; oy++)
            {
                for (int ox = 0; ox < outShape.Width; ox++)
                {
                    int o = (oy * outShape.Width + ox) * c;
                    int corner = (oy * Stride * inShape.Width + ox * Stride) * c;
                    for (int ch = 0; ch < vectorEnd; ch += Vector256<T>.Count)
                    {
                        var gradient = Vector256.Create<T>(g.Slice(o + ch));
                        var place = Vector256.Create<T>(from.Slice(o + ch));
                        for (int p = 0; p < places; p++)
                        {
                            var target = dx.Slice(corner + _offsets[p] + ch);
                            var share = gradient & Vector256.Equals(place, Vector256.Create(T.CreateTruncating(p)));
                            (tiled ? share : Vector256.Create<T>(target) + share).CopyTo(target);
                        }
                    }
                    for (int ch = vectorEnd; ch < c; ch++)
                    {
                        int won = int.CreateTruncating(from[o + ch]);
                        if (!tiled) dx[corner + _offsets[won] + ch] += g[o + ch];
                        else for (int p = 0; p < places; p++) dx[corner + _offsets[p] + ch] = p == won ? g[o + ch] : T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>Zeros the inputs that no window covers: the last rows and columns that a whole window no longer fits.</summary>
    private void ClearUncovered(Span<T> dx)
    {
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        int c = inShape.Channels, coveredRows = outShape.Height * PoolSize, coveredColumns = outShape.Width * PoolSize;
        if (coveredColumns < inShape.Width)
            for (int y = 0; y < coveredRows; y++)
                dx.Slice((y * inShape.Width + coveredColumns) * c, (inShape.Width - coveredColumns) * c).Clear();
        dx[(coveredRows * inShape.Width * c)..].Clear();
    }
}
