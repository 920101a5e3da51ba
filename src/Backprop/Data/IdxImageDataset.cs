using System.Runtime.Intrinsics.X86;
using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// Images with class labels, kept as bytes (60,000 MNIST images are 47 MB, a quarter of them as floats)
/// and converted to values in [0, 1] (x / 255) one batch at a time. Targets are one-hot over the classes.
/// </summary>
public sealed class IdxImageDataset<T> : Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <summary>
    /// Wraps <paramref name="pixels"/> (images of <paramref name="imageRows"/> × <paramref name="imageColumns"/>
    /// bytes, one after the other) and one label in 0..<paramref name="classCount"/>−1 per image. No copy is made.
    /// </summary>
    public IdxImageDataset(byte[] pixels, byte[] labels, int imageRows, int imageColumns, int classCount)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageColumns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if ((long)labels.Length * imageRows * imageColumns != pixels.Length)
            throw new ArgumentException($"{labels.Length} labels need {labels.Length} × {imageRows} × {imageColumns} pixels, got {pixels.Length}.");
        int bad = FirstLabelOutside(labels, classCount);
        if (bad >= 0)
            throw new ArgumentException($"Label {labels[bad]} of sample {bad} is outside 0..{classCount - 1}.");
        _pixels = pixels;
        _labels = labels;
        ImageRows = imageRows;
        ImageColumns = imageColumns;
        TargetSize = classCount;
    }

    /// <summary>
    /// Reads an IDX image file and its label file (each plain or gzipped) and checks that they belong together.
    /// </summary>
    /// <example><c>var train = IdxImageDataset&lt;float&gt;.Load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", names);</c></example>
    /// <param name="imagesPath">The IDX image file.</param>
    /// <param name="labelsPath">The IDX label file.</param>
    /// <param name="labelNames">The class names; their count is the number of classes (10 when null, named "0".."9").</param>
    public static IdxImageDataset<T> Load(string imagesPath, string labelsPath, IReadOnlyList<string>? labelNames = null)
    {
        labelNames ??= Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        IdxImages images = IdxReader.ReadImages(imagesPath);
        byte[] labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
            throw new DataFormatException(labelsPath,
                $"{labels.Length} labels for the {images.Count} images of {imagesPath}; an image file and its label file must have the same count (mixed up train and test files?)");
        int bad = FirstLabelOutside(labels, labelNames.Count);
        if (bad >= 0)
            throw new DataFormatException(labelsPath, $"label {labels[bad]} of sample {bad} is outside the {labelNames.Count} classes 0..{labelNames.Count - 1}");
        return new IdxImageDataset<T>(images.Pixels, labels, images.Rows, images.Columns, labelNames.Count) { LabelNames = labelNames };
    }

    /// <summary>The index of the first label not below <paramref name="classCount"/>, or −1.</summary>
    private static int FirstLabelOutside(byte[] labels, int classCount) =>
        classCount <= 0 ? (labels.Length > 0 ? 0 : -1)
        : classCount > byte.MaxValue ? -1
        : labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(classCount - 1));

    /// <summary>Pixel rows per image.</summary>
    public int ImageRows { get; }

    /// <summary>Pixel columns per image.</summary>
    public int ImageColumns { get; }

    /// <inheritdoc />
    public override int Count => _labels.Length;

    /// <inheritdoc />
    public override int InputSize => ImageRows * ImageColumns;

    /// <inheritdoc />
    public override int TargetSize { get; }

    /// <summary>The raw pixels of image <paramref name="index"/>, 0 to 255, row-major.</summary>
    public ReadOnlySpan<byte> Pixels(int index) => _pixels.AsSpan(checked(index * InputSize), InputSize);

    /// <summary>The class of image <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    internal override bool GathersConcurrently => true;

    /// <inheritdoc />
    public override void Gather(ReadOnlySpan<int> indices, Matrix<T> inputs, Matrix<T> targets)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            // The rows of a shuffled batch lie scattered over the whole image array (47 MB for Fashion-MNIST),
            // so most of the time goes to cache misses: ask for a later row's lines while this one converts.
            if (i + PrefetchAhead < indices.Length) Prefetch(Pixels(indices[i + PrefetchAhead]));
            Span<T> row = inputs.Row(i);
            // Dividing (rather than multiplying by 1/255) gives exactly x / 255: 255 becomes 1, 0 stays 0.
            PixelScaling.ToUnitInterval(Pixels(indices[i]), row);

            Span<T> target = targets.Row(i);
            target.Clear();
            target[_labels[indices[i]]] = T.One;
        }
    }

    private const int PrefetchAhead = 4;

    private static unsafe void Prefetch(ReadOnlySpan<byte> pixels)
    {
        if (!Sse.IsSupported) return;
        fixed (byte* p = pixels)
            for (int offset = 0; offset < pixels.Length; offset += 64) Sse.Prefetch0(p + offset);
    }

    /// <summary>The samples at <paramref name="indices"/>, still as bytes.</summary>
    public override Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        int size = InputSize;
        var pixels = new byte[checked(indices.Length * size)];
        var labels = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Pixels(indices[i]).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = _labels[indices[i]];
        }
        return new IdxImageDataset<T>(pixels, labels, ImageRows, ImageColumns, TargetSize) { LabelNames = LabelNames };
    }
}
