using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// The convolution's training version: <see cref="ForwardPlain"/> and <see cref="BackwardPlain"/>'s equations run a few
/// images at a time (<see cref="ImagesPerBlock"/>), so that a block's windows are multiplied while they are still in
/// the core's cache, with the unfolding, the bias and the folding back shared out over the cores.
/// </summary>
/// <remarks>
/// The blocks took about a quarter off the recipe's second convolution (measured alternately with the whole-batch
/// product on the shared machine). Backward needs the windows again: a layer whose batch of windows is small keeps
/// them (<see cref="KeptWindowValues"/>), a larger one unfolds them again block by block. Every product sums over the
/// same K as the plain version's, so Y and ∂E/∂X come out bit for bit; ∂E/∂W is summed block after block.
/// </remarks>
public sealed partial class Conv2D<T>
{
    private Matrix<T>? _outputPixels, _gradientPixels;
    private Matrix<T>?[] _pixelBlocks = [], _deltaBlocks = [], _windowBlocks = [];
    private bool _keepsWindows;
    // The current block's first image, and the row of _windows its first window goes to: read by the per-image steps.
    private int _blockFirst, _blockRow;
    // The per-image steps, bound on first use so that sharing them out over the cores allocates nothing (see RowParallel).
    private Action<int, int>? _unfold, _addBias, _fold;

    /// <summary>Images per block of the fast Forward and Backward: about 256 K window values (1 MB of floats), so they stay in cache.</summary>
    internal int ImagesPerBlock => Math.Max(1, BlockValues / (_im2col.WindowsPerImage * _im2col.PatchSize));

    private const int BlockValues = 1 << 18;

    /// <summary>The batch's windows are kept from Forward to Backward up to this many values (8 MB of floats).</summary>
    internal const long KeptWindowValues = 1 << 21;

    /// <summary>Y = P·W + b, block after block (what <see cref="Forward"/> runs).</summary>
    private Matrix<T> ForwardInBlocks(Matrix<T> input)
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
        if (HasBias) RowParallel.For(input.Rows, OutputSize, _addBias ??= AddBias);
        return output;
    }

    /// <summary>∂E/∂b = Σδ; then block after block ∂E/∂W += Pᵀ·δ and ∂E/∂X = col2im(δ·Wᵀ) (what <see cref="Backward"/> runs).</summary>
    private Matrix<T> BackwardInBlocks(Matrix<T> outputGradient)
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
            RowParallel.For(count, InputSize * _im2col.Window.Size, _fold ??= Fold);
        }
        return ComputesInputGradient ? _inputGradient! : outputGradient;
    }

    /// <summary>
    /// The window rows of images <paramref name="first"/> … + <paramref name="count"/> − 1 (block <paramref name="index"/>),
    /// unfolded by the cores together: into their place in the kept windows, or into the block-sized buffer.
    /// </summary>
    private Matrix<T> UnfoldBlock(int index, int first, int count)
    {
        int perImage = _im2col.WindowsPerImage;
        var windows = KeptBlock(index, first, count);
        (_blockFirst, _blockRow) = (first, _keepsWindows ? first * perImage : 0);
        RowParallel.For(count, perImage * _im2col.PatchSize, _unfold ??= Unfold);
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

    /// <summary>Unfolds images _blockFirst + <paramref name="first"/> … _blockFirst + <paramref name="end"/> − 1 of the current block, their windows from row _blockRow on.</summary>
    private void Unfold(int first, int end) =>
        _im2col.Unfold(_input!, _blockFirst + first, _blockFirst + end, _windows!, _blockRow + first * _im2col.WindowsPerImage);

    /// <summary>Folds the window gradients of the current block's images <paramref name="first"/> … <paramref name="end"/> − 1 back onto their pixels.</summary>
    private void Fold(int first, int end) =>
        _im2col.Fold(_windowGradient!, first * _im2col.WindowsPerImage, _inputGradient!, _blockFirst + first, _blockFirst + end);

    /// <summary>Adds the bias to every output pixel of images <paramref name="first"/> … <paramref name="end"/> − 1.</summary>
    private void AddBias(int first, int end) =>
        PixelRows.AddBias(_output!.AsSpan()[(first * OutputSize)..(end * OutputSize)], Bias!.Value.AsSpan());
}
