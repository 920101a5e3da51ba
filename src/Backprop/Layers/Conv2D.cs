using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// A 2-D convolution over images stored channels-last (NHWC, one image per row): each of <see cref="Filters"/> filters
/// of K×K×C weights slides over the input, and output (y, x, f) = b[f] + Σ over the window of input · weight.
/// Computed as matrix products over the windows of a few images at a time (see <see cref="Im2Col"/>): Y = P·W + b.
/// </summary>
/// <remarks>
/// W is stored as K·K·C rows by <see cref="Filters"/> columns, row (ky·K + kx)·C + c holding the weights that meet
/// input channel c at window place (ky, kx): the layout of a window row, so the product needs no reordering. This
/// is Keras's kernel layout (K, K, C, F) flattened; PyTorch's (F, C, K, K) is its transpose along those axes.
/// </remarks>
public sealed class Conv2D<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Initializer _weightInit;
    private readonly Initializer _biasInit;
    private readonly ImageShape? _declaredInput;
    private Parameter<T>[] _parameters = [];
    private Parameter<T>? _weights, _bias;
    private Im2Col _im2col;
    private Matrix<T>? _input, _output, _outputPixels, _gradientPixels, _windows, _windowGradient, _inputGradient;
    private Matrix<T>?[] _pixelBlocks = [], _deltaBlocks = [], _windowBlocks = [];
    private bool _keepsWindows;
    private int _blockFirst, _blockRow;
    // The per-image steps, bound once so that sharing them out over the cores allocates nothing (see RowParallel).
    private readonly Action<int, int> _unfold, _addBias, _fold;

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
        // Images _blockFirst + first … _blockFirst + end − 1 of the current block, their windows from row _blockRow on.
        _unfold = (first, end) => _im2col.Unfold(_input!, _blockFirst + first, _blockFirst + end, _windows!, _blockRow + first * _im2col.WindowsPerImage);
        _fold = (first, end) => _im2col.Fold(_windowGradient!, first * _im2col.WindowsPerImage, _inputGradient!, _blockFirst + first, _blockFirst + end);
        _addBias = (first, end) => PixelRows.AddBias(_output!.AsSpan()[(first * OutputSize)..(end * OutputSize)], Bias!.Value.AsSpan());
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
    /// A few images at a time (<see cref="ImagesPerBlock"/>): a block's windows are multiplied while they are still in
    /// the core's cache, which took about a quarter off the recipe's second convolution (measured alternately with the
    /// whole-batch product on the shared machine). Backward needs the windows again; a layer whose batch of windows is
    /// small keeps them (<see cref="KeptWindowValues"/>), a larger one unfolds them again.
    /// </remarks>
    public Matrix<T> Forward(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        _input = input;
        var output = Buffers.Ensure(ref _output, input.Rows, OutputSize);
        var pixels = Buffers.View(ref _outputPixels, output, Filters);
        int perImage = _im2col.WindowsPerImage, block = ImagesPerBlock;
        _keepsWindows = (long)input.Rows * perImage * _im2col.PatchSize <= KeptWindowValues;
        _windows = Buffers.Ensure(ref _windows, (_keepsWindows ? input.Rows : Math.Min(block, input.Rows)) * perImage, _im2col.PatchSize);
        for (int index = 0, first = 0; first < input.Rows; index++, first += block)
        {
            int count = Math.Min(block, input.Rows - first);
            // P: one row per window of these images
            var windows = UnfoldBlock(index, first, count);
            // Y = P·W, one output pixel per window
            Gemm.Multiply(windows, Weights.Value, Buffers.Block(ref _pixelBlocks, index, pixels, first * perImage, count * perImage));
        }
        // + b on every output pixel
        if (HasBias) RowParallel.For(input.Rows, OutputSize, _addBias);
        return output;
    }

    /// <summary>Images per block of <see cref="Forward"/> and <see cref="Backward"/>: about 256 K window values (1 MB of floats), so they stay in cache.</summary>
    private int ImagesPerBlock => Math.Max(1, BlockValues / (_im2col.WindowsPerImage * _im2col.PatchSize));

    private const int BlockValues = 1 << 18;

    /// <summary>The batch's windows are kept from Forward to Backward up to this many values (8 MB of floats).</summary>
    private const long KeptWindowValues = 1 << 21;

    /// <summary>
    /// The window rows of images <paramref name="first"/> … + <paramref name="count"/> − 1 (block <paramref name="index"/>),
    /// unfolded by the cores together: into their place in the kept windows, or into the block-sized buffer.
    /// </summary>
    private Matrix<T> UnfoldBlock(int index, int first, int count)
    {
        int perImage = _im2col.WindowsPerImage;
        var windows = KeptBlock(index, first, count);
        (_blockFirst, _blockRow) = (first, _keepsWindows ? first * perImage : 0);
        RowParallel.For(count, perImage * _im2col.PatchSize, _unfold);
        return windows;
    }

    /// <summary>The windows of a block: a view of the kept windows, or the block-sized buffer cut to the block's rows.</summary>
    private Matrix<T> KeptBlock(int index, int first, int count)
    {
        int perImage = _im2col.WindowsPerImage;
        if (_keepsWindows) return Buffers.Block(ref _windowBlocks, index, _windows!, first * perImage, count * perImage);
        _windows!.SetRowCount(count * perImage);
        return _windows;
    }

    /// <inheritdoc />
    /// <remarks>Runs a few images at a time through a window matrix of its own, so a large batch needs little memory.</remarks>
    public void Apply(Matrix<T> input, Matrix<T> output)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        if (output.Rows != input.Rows || output.Columns != OutputSize)
            throw new ArgumentException($"The output is {output.Rows}×{output.Columns}, expected {input.Rows}×{OutputSize}.");
        int perImage = _im2col.WindowsPerImage;
        int chunk = Math.Clamp(ApplyChunkValues / (perImage * _im2col.PatchSize), 1, Math.Max(1, input.Rows));
        var windows = new Matrix<T>(chunk * perImage, _im2col.PatchSize);
        var pixels = output.WithRowWidth(Filters);
        for (int first = 0; first < input.Rows; first += chunk)
        {
            int count = Math.Min(chunk, input.Rows - first);
            windows.SetRowCount(count * perImage);
            _im2col.Unfold(input, first, first + count, windows, 0);
            var chunkPixels = pixels.RowRange(first * perImage, count * perImage);
            Gemm.Multiply(windows, Weights.Value, chunkPixels);
            if (Bias is { } b) PixelRows.AddBias(chunkPixels.AsSpan(), b.Value.AsSpan());
        }
    }

    /// <summary>About 4 MB of window rows at a time for <see cref="Apply"/>.</summary>
    private const int ApplyChunkValues = 1 << 20;

    [DoesNotReturn]
    private void WrongWidth(int columns) =>
        throw new BackpropException($"The Conv2D layer expects {InputSize} inputs per row ({InputShape} images), got {columns}.");

    /// <inheritdoc />
    public Matrix<T> Backward(Matrix<T> outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        // δ, one row per output pixel, as the rows of Y = P·W + b
        var delta = Buffers.View(ref _gradientPixels, outputGradient, Filters);
        // ∂E/∂b = Σ over every output pixel of the batch of δ
        if (Bias is { } b) PixelRows.Sum<T>(outputGradient.AsSpan(), b.Gradient.AsSpan());
        int perImage = _im2col.WindowsPerImage, block = ImagesPerBlock;
        if (ComputesInputGradient)
        {
            _windowGradient = Buffers.Ensure(ref _windowGradient, Math.Min(block, input.Rows) * perImage, _im2col.PatchSize);
            _inputGradient = Buffers.Ensure(ref _inputGradient, input.Rows, InputSize);
        }
        for (int index = 0, first = 0; first < input.Rows; index++, first += block)
        {
            int count = Math.Min(block, input.Rows - first);
            var windows = _keepsWindows ? KeptBlock(index, first, count) : UnfoldBlock(index, first, count);
            var blockDelta = Buffers.Block(ref _deltaBlocks, index, delta, first * perImage, count * perImage);
            // ∂E/∂W = Pᵀ·δ, summed block after block
            Gemm.Multiply(windows, blockDelta, Weights.Gradient, transposeA: true, accumulate: index > 0);
            if (!ComputesInputGradient) continue;
            // ∂E/∂P = δ·Wᵀ, then each window's share is added back onto the pixels it covered: ∂E/∂X = col2im(∂E/∂P)
            _windowGradient!.SetRowCount(count * perImage);
            Gemm.Multiply(blockDelta, Weights.Value, _windowGradient, transposeB: true);
            _blockFirst = first;
            RowParallel.For(count, InputSize * _im2col.Window.Size, _fold);
        }
        return ComputesInputGradient ? _inputGradient! : outputGradient;
    }
}
