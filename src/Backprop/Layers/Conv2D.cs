using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// A 2-D convolution over images stored channels-last (NHWC, one image per row): each of <see cref="Filters"/> filters
/// of K×K×C weights slides over the input, and output (y, x, f) = b[f] + Σ over the window of input · weight.
/// Computed as one matrix product over the windows (see <see cref="Im2Col"/>): P = im2col(X), Y = P·W + b.
/// </summary>
/// <remarks>
/// W is stored as K·K·C rows by <see cref="Filters"/> columns, row (ky·K + kx)·C + c holding the weights that meet
/// input channel c at window place (ky, kx): the layout of a window row, so the product needs no reordering. This
/// is Keras's kernel layout (K, K, C, F) flattened; PyTorch's (F, C, K, K) is its transpose along those axes.
/// This file holds the equations (<see cref="ForwardPlain"/>, <see cref="BackwardPlain"/>); training runs them a few
/// images at a time on every core, in Conv2D.Fast.cs, and a test holds the two versions to each other's numbers.
/// </remarks>
public sealed partial class Conv2D<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Initializer _weightInit;
    private readonly Initializer _biasInit;
    private readonly ImageShape? _declaredInput;
    private Parameter<T>[] _parameters = [];
    private Parameter<T>? _weights, _bias;
    private Im2Col _im2col;
    // P (the windows) and ∂E/∂P: the whole batch's in the plain version, a block's (or the kept batch's) in the fast one.
    private Matrix<T>? _input, _output, _windows, _windowGradient, _inputGradient;

    /// <summary>Creates a convolution with <paramref name="filters"/> filters of <paramref name="kernelSize"/>×<paramref name="kernelSize"/>.</summary>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernelSize">The window's height and width.</param>
    /// <param name="stride">The step between two windows, along both axes.</param>
    /// <param name="padding">Valid (no padding, the default, as in Keras) or same.</param>
    /// <param name="bias">Whether to add one bias per filter.</param>
    /// <param name="weights">Weight initialisation, with fan-in K·K·C and fan-out K·K·filters; Xavier by default.</param>
    /// <param name="biasInit">Bias initialisation; zero by default.</param>
    /// <param name="inputShape">The input's shape, when the layer is built without one (a network built from a width only).</param>
    public Conv2D(int filters, int kernelSize, int stride = 1, Padding padding = Padding.Valid, bool bias = true,
        Initializer? weights = null, Initializer? biasInit = null, ImageShape? inputShape = null)
    {
        if (filters <= 0) throw new BackpropException($"A Conv2D layer needs at least one filter, got {filters}.");
        if (kernelSize <= 0) throw new BackpropException($"A Conv2D kernel must be at least 1×1, got {kernelSize}.");
        if (stride <= 0) throw new BackpropException($"A Conv2D stride must be at least 1, got {stride}.");
        Filters = filters;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        HasBias = bias;
        _weightInit = weights ?? new Initializer.Xavier();
        _biasInit = biasInit ?? new Initializer.Constant(0);
        _declaredInput = inputShape;
    }

    /// <inheritdoc />
    public string Name => "Conv2D";

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>The window's height and width.</summary>
    public int KernelSize { get; }

    /// <summary>The step between two windows.</summary>
    public int Stride { get; }

    /// <summary>Valid or same.</summary>
    public Padding Padding { get; }

    /// <summary>Whether the layer adds a bias per filter.</summary>
    public bool HasBias { get; }

    /// <summary>The input's shape (known after Build).</summary>
    public ImageShape InputShape { get; private set; }

    /// <inheritdoc />
    public ImageShape? OutputShape { get; private set; }

    /// <inheritdoc />
    public int InputSize { get; private set; }

    /// <inheritdoc />
    public int OutputSize { get; private set; }

    /// <summary>The weights W (K·K·C × filters).</summary>
    public Parameter<T> Weights => _weights ?? throw new InvalidOperationException("The layer is not built yet.");

    /// <summary>The bias b (1 × filters), or null without bias.</summary>
    public Parameter<T>? Bias => _bias;

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>
    /// False for a network's first layer: nothing upstream needs ∂E/∂X, and skipping it saves the product δ·Wᵀ and
    /// the folding back onto the image. Backward then returns the output gradient unchanged.
    /// </summary>
    public bool ComputesInputGradient { get; set; } = true;

    /// <inheritdoc />
    public LayerConfig Config => new("Conv2D", Bias: HasBias, Filters: Filters, Kernel: KernelSize, Stride: Stride,
        Padding: Padding == Padding.Same ? "same" : "valid");

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
        var window = new SlidingWindow(KernelSize, Stride, Padding);
        var output = window.Output(shape, Filters, "Conv2D");
        InputShape = shape;
        OutputShape = output;
        InputSize = inputSize;
        OutputSize = output.Size;
        _im2col = new Im2Col(shape, window);

        int fanIn = _im2col.PatchSize, fanOut = KernelSize * KernelSize * Filters;
        var w = new Parameter<T>("W", fanIn, Filters);
        Initialise(w, _weightInit, fanIn, fanOut, random);
        _weights = w;
        _bias = null;
        if (HasBias)
        {
            var b = _bias = new Parameter<T>("b", 1, Filters);
            Initialise(b, _biasInit, fanIn, fanOut, random);
            _parameters = [w, b];
        }
        else _parameters = [w];
    }

    private static void Initialise(Parameter<T> p, Initializer init, int fanIn, int fanOut, NumPyRandomState random)
    {
        var values = new double[p.Value.Length];
        init.Fill(values, fanIn, fanOut, random);
        var span = p.Value.AsSpan();
        for (int i = 0; i < values.Length; i++) span[i] = T.CreateChecked(values[i]);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The equations are <see cref="ForwardPlain"/>'s; this runs them a few images at a time on every core
    /// (<see cref="ForwardInBlocks"/>, in Conv2D.Fast.cs), which gives the same numbers, bit for bit.
    /// </remarks>
    public Matrix<T> Forward(Matrix<T> input) => ForwardInBlocks(input);

    /// <inheritdoc />
    /// <remarks>
    /// The equations are <see cref="BackwardPlain"/>'s; this runs them a few images at a time on every core
    /// (<see cref="BackwardInBlocks"/>, in Conv2D.Fast.cs). ∂E/∂b and ∂E/∂X come out bit for bit as the plain version's;
    /// ∂E/∂W is summed block after block, so it can differ from the one product in the last bits.
    /// </remarks>
    public Matrix<T> Backward(Matrix<T> outputGradient) => BackwardInBlocks(outputGradient);

    /// <summary>The textbook forward pass over the whole batch at once: P = im2col(X), then Y = P·W + b.</summary>
    internal Matrix<T> ForwardPlain(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        _input = input;
        // P = im2col(X): one row of K·K·C values per window, kept for Backward
        var windows = Buffers.Ensure(ref _windows, input.Rows * _im2col.WindowsPerImage, _im2col.PatchSize);
        _im2col.Unfold(input, 0, input.Rows, windows, 0);
        // Y = P·W + b, one output pixel per window
        var output = Buffers.Ensure(ref _output, input.Rows, OutputSize);
        Convolve(windows, output.WithRowWidth(Filters));
        return output;
    }

    /// <summary>The textbook backward pass over the whole batch at once (after <see cref="ForwardPlain"/>, whose P it uses), with δ seen as one row per output pixel.</summary>
    internal Matrix<T> BackwardPlain(Matrix<T> outputGradient)
    {
        var (input, windows) = (_input ?? throw new InvalidOperationException("Backward called before Forward."), _windows!);
        var delta = outputGradient.WithRowWidth(Filters);
        // ∂E/∂W = Pᵀ·δ
        Gemm.Multiply(windows, delta, Weights.Gradient, transposeA: true);
        // ∂E/∂b = Σ over every output pixel of the batch of δ
        if (Bias is { } b) PixelRows.Sum<T>(delta.AsSpan(), b.Gradient.AsSpan());
        if (!ComputesInputGradient) return outputGradient;
        // ∂E/∂X = col2im(δ·Wᵀ): each window's share of ∂E/∂P added back onto the pixels it covered
        var windowGradient = Buffers.Ensure(ref _windowGradient, windows.Rows, _im2col.PatchSize);
        Gemm.Multiply(delta, Weights.Value, windowGradient, transposeB: true);
        var inputGradient = Buffers.Ensure(ref _inputGradient, input.Rows, InputSize);
        _im2col.Fold(windowGradient, 0, inputGradient, 0, input.Rows);
        return inputGradient;
    }

    /// <summary>Y = P·W + b: the output pixels of the window rows <paramref name="windows"/>.</summary>
    private void Convolve(Matrix<T> windows, Matrix<T> pixels)
    {
        Gemm.Multiply(windows, Weights.Value, pixels);
        AddPixelBias(pixels);
    }

    /// <summary>+ b on every output pixel of <paramref name="pixels"/> (nothing without a bias).</summary>
    private void AddPixelBias(Matrix<T> pixels)
    {
        if (Bias is { } b) PixelRows.AddBias(pixels.AsSpan(), b.Value.AsSpan());
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs a few images at a time through a window matrix of its own, so a large batch needs little memory (the
    /// serving path's loop, <see cref="Infer"/> in Conv2D.Inference.cs, with buffers made for this call).
    /// </remarks>
    public void Apply(Matrix<T> input, Matrix<T> output) => Infer(input, output, NewInferenceBuffers(input.Rows));

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The Conv2D layer expects {InputSize} inputs per row ({InputShape} images), got {columns}.");
}
