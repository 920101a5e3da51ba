using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// The convolution's serving path: <see cref="ForwardPlain"/>'s Y = im2col(X)·W + b, a few images at a time, into
/// buffers that a caller made once (<see cref="InferenceBuffers"/>), touching none of the layer's own, so several
/// threads may run it at once, each with its buffers, and a running prediction allocates nothing.
/// </summary>
public sealed partial class Conv2D<T>
{
    /// <summary>One caller's window rows and the views onto its output, kept from call to call.</summary>
    internal sealed class InferenceBuffers(Matrix<T> windows, int images)
    {
        /// <summary>The window rows of up to <see cref="Images"/> images.</summary>
        public Matrix<T> Windows { get; } = windows;

        /// <summary>How many images are unfolded at a time.</summary>
        public int Images { get; } = images;

        public Matrix<T>? Pixels;
        public Matrix<T>?[] Blocks = [];
    }

    /// <summary>Buffers for <see cref="Infer"/> over batches of up to <paramref name="maxRows"/> images: about 4 MB of window rows at most.</summary>
    internal InferenceBuffers NewInferenceBuffers(int maxRows)
    {
        int perImage = _im2col.WindowsPerImage;
        int images = Math.Clamp(ApplyChunkValues / (perImage * _im2col.PatchSize), 1, Math.Max(1, maxRows));
        return new InferenceBuffers(new Matrix<T>(images * perImage, _im2col.PatchSize), images);
    }

    /// <summary>About 4 MB of window rows at a time for <see cref="Infer"/>.</summary>
    private const int ApplyChunkValues = 1 << 20;

    /// <summary>Y = P·W + b for <paramref name="input"/>'s images, <paramref name="buffers"/>.Images at a time.</summary>
    internal void Infer(Matrix<T> input, Matrix<T> output, InferenceBuffers buffers)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        if (output.Rows != input.Rows || output.Columns != OutputSize)
            throw new ArgumentException($"The output is {output.Rows}×{output.Columns}, expected {input.Rows}×{OutputSize}.");
        int perImage = _im2col.WindowsPerImage, chunk = buffers.Images;
        var windows = buffers.Windows;
        var pixels = Buffers.View(ref buffers.Pixels, output, Filters);
        for (int index = 0, first = 0; first < input.Rows; index++, first += chunk)
        {
            int count = Math.Min(chunk, input.Rows - first);
            var block = Buffers.Block(ref buffers.Blocks, index, pixels, first * perImage, count * perImage);
            if (DirectConvolution<T>.Takes(_im2col, Filters, count * perImage))
            {
                // The same sums read straight from the images (a small window, as a first layer's)
                DirectConvolution<T>.Convolve(_im2col, input, first, first + count, Weights.Value, block);
                AddPixelBias(block);
                continue;
            }
            windows.SetRowCount(count * perImage);
            _im2col.Unfold(input, first, first + count, windows, 0);
            Convolve(windows, block);
        }
    }
}
