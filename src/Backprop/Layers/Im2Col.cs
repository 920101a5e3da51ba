using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// The "im2col" rearrangement that turns a convolution into one matrix product. Every place a K×K window visits
/// in an image becomes a row of K·K·C values (window row by window row, each row's pixels with their channels
/// side by side, zeros where the window hangs over a same-padded border). Then the convolution of a whole batch
/// is (rows of windows) · W, with W of shape K·K·C × filters, and its output rows are the output pixels in NHWC order.
/// </summary>
/// <remarks>
/// Channels-last (NHWC) makes both directions cheap: a window row is K neighbouring pixels, which are K·C neighbouring
/// values in the image, so it is copied as one run; and the product's output is already an NHWC image, needing no
/// transpose. <see cref="Fold"/> is the reverse (col2im): each window row's gradient is added back onto the pixels it
/// came from, so a pixel that several windows share gets the sum of their contributions.
/// </remarks>
/// <param name="Input">The shape of one input image.</param>
/// <param name="Window">The kernel size, stride and padding along both axes.</param>
internal readonly record struct Im2Col(ImageShape Input, SlidingWindow Window)
{
    /// <summary>Output pixel rows.</summary>
    public int OutputHeight => Window.OutputLength(Input.Height);

    /// <summary>Output pixel columns.</summary>
    public int OutputWidth => Window.OutputLength(Input.Width);

    /// <summary>Windows per image: one row of the column matrix each.</summary>
    public int WindowsPerImage => OutputHeight * OutputWidth;

    /// <summary>K·K·C: the values under one window, the width of a column-matrix row.</summary>
    public int PatchSize => Window.Size * Window.Size * Input.Channels;

    /// <summary>
    /// Writes the windows of images <paramref name="first"/> up to <paramref name="end"/> of <paramref name="images"/>
    /// (one NHWC image per row) into <paramref name="columns"/>, <see cref="WindowsPerImage"/> rows per image, image
    /// <paramref name="first"/>'s first window at row <paramref name="firstRow"/>.
    /// </summary>
    public void Unfold<T>(Matrix<T> images, int first, int end, Matrix<T> columns, int firstRow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = Window.Size, c = Input.Channels, run = k * c;
        int padTop = Window.PadBefore(Input.Height), padLeft = Window.PadBefore(Input.Width);
        for (int n = first; n < end; n++)
        {
            ReadOnlySpan<T> image = images.Row(n);
            for (int oy = 0; oy < OutputHeight; oy++)
            {
                for (int ox = 0; ox < OutputWidth; ox++)
                {
                    var patch = columns.Row(firstRow + ((n - first) * OutputHeight + oy) * OutputWidth + ox);
                    // The window covers input columns x0 … x0 + k − 1; only lo … hi − 1 of its k pixels lie inside.
                    int x0 = ox * Window.Stride - padLeft;
                    int lo = Math.Max(0, -x0), hi = Math.Min(k, Input.Width - x0);
                    for (int ky = 0; ky < k; ky++)
                    {
                        var target = patch.Slice(ky * run, run);
                        int y = oy * Window.Stride + ky - padTop;
                        if ((uint)y >= (uint)Input.Height || hi <= lo)
                            target.Clear();
                        else if (lo == 0 && hi == k)   // the whole window row lies inside the image: most windows
                            Copy(image.Slice(((y * Input.Width) + x0) * c, run), target);
                        else
                        {
                            target[..(lo * c)].Clear();
                            Copy(image.Slice(((y * Input.Width) + x0 + lo) * c, (hi - lo) * c), target[(lo * c)..]);
                            target[(hi * c)..].Clear();
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies a window row; a short one (a 3×3 kernel on one channel copies 3 values) element by element, which beats a block copy's call.</summary>
    private static void Copy<T>(ReadOnlySpan<T> source, Span<T> target)
    {
        if (source.Length > 8) source.CopyTo(target);
        else for (int i = 0; i < source.Length; i++) target[i] = source[i];
    }

    /// <summary>
    /// The reverse of <see cref="Unfold{T}"/> for images <paramref name="first"/> up to <paramref name="end"/>: sets their
    /// rows of <paramref name="images"/> to the sum, over every window that covers a pixel, of that window's values
    /// for it in <paramref name="columns"/> (laid out as Unfold writes them from row <paramref name="firstRow"/>;
    /// values for the padding are dropped).
    /// </summary>
    public void Fold<T>(Matrix<T> columns, int firstRow, Matrix<T> images, int first, int end) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = Window.Size, c = Input.Channels, run = k * c;
        int padTop = Window.PadBefore(Input.Height), padLeft = Window.PadBefore(Input.Width);
        for (int n = first; n < end; n++)
        {
            var image = images.Row(n);
            image.Clear();
            for (int oy = 0; oy < OutputHeight; oy++)
            {
                for (int ox = 0; ox < OutputWidth; ox++)
                {
                    ReadOnlySpan<T> patch = columns.Row(firstRow + ((n - first) * OutputHeight + oy) * OutputWidth + ox);
                    int x0 = ox * Window.Stride - padLeft;
                    int lo = Math.Max(0, -x0), hi = Math.Min(k, Input.Width - x0);
                    if (hi <= lo) continue;
                    for (int ky = 0; ky < k; ky++)
                    {
                        int y = oy * Window.Stride + ky - padTop;
                        if ((uint)y >= (uint)Input.Height) continue;
                        var pixels = image.Slice(((y * Input.Width) + x0 + lo) * c, (hi - lo) * c);
                        TensorPrimitives.Add(pixels, patch.Slice(ky * run + lo * c, (hi - lo) * c), pixels);
                    }
                }
            }
        }
    }
}
