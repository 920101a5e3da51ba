using System.Buffers.Binary;
using System.IO.Compression;
using Backprop.Data;
using Backprop.Tensors;

namespace Backprop.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>An IDX file: magic, big-endian dimensions, then the bytes.</summary>
    internal static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    internal static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest)) gzip.Write(bytes);
        return memory.ToArray();
    }

    // Three 2×2 images: black, white, and a ramp; their labels are 0, 9 and 4.
    private static readonly byte[] Pixels = [0, 0, 0, 0, 255, 255, 255, 255, 0, 51, 102, 255];
    private static readonly byte[] Labels = [0, 9, 4];

    private (string Images, string Labels) WriteSet(bool gzip, string prefix = "")
    {
        byte[] images = Idx(IdxReader.ImagesMagic, [3, 2, 2], Pixels), labels = Idx(IdxReader.LabelsMagic, [3], Labels);
        // Names without .gz even when compressed: the reader must go by the content.
        return (_folder.Write(prefix + "images", gzip ? Gzip(images) : images), _folder.Write(prefix + "labels", gzip ? Gzip(labels) : labels));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_RoundTrip_ReadsWhatWasWritten(bool gzip)
    {
        var (imagesPath, labelsPath) = WriteSet(gzip);
        IdxImages images = IdxReader.ReadImages(imagesPath);

        Assert.Equal((3, 2, 2), (images.Count, images.Rows, images.Columns));
        Assert.Equal(Pixels, images.Pixels);
        Assert.Equal(Labels, IdxReader.ReadLabels(labelsPath));
    }

    [Fact]
    public void IdxImageDataset_ConvertsBytesToZeroOneAndLabelsToOneHot()
    {
        var (imagesPath, labelsPath) = WriteSet(gzip: true);
        var data = IdxImageDataset<float>.Load(imagesPath, labelsPath);
        var inputs = new Matrix<float>(2, 4);
        var targets = new Matrix<float>(2, 10);
        targets.Fill(7); // Gather must clear stale values
        data.Gather([2, 1], inputs, targets);

        Assert.Equal((3, 4, 10), (data.Count, data.InputSize, data.TargetSize));
        Assert.Equal(new[] { 0f, 0.2f, 0.4f, 1f, 1f, 1f, 1f, 1f }, inputs.ToArray());
        Assert.Equal(1f, targets[0, 4]);
        Assert.Equal(1f, targets[1, 9]);
        Assert.Equal(2f, targets.ToArray().Sum());
    }

    [Fact]
    public void IdxImageDataset_InDouble_MapsZeroToZeroAndMaxToOne()
    {
        var (imagesPath, labelsPath) = WriteSet(gzip: false);
        var (inputs, _) = IdxImageDataset<double>.Load(imagesPath, labelsPath).ToMatrices();

        Assert.Equal(0.0, inputs[0, 0]);
        Assert.Equal(1.0, inputs[1, 3]);
        Assert.Equal(102.0 / 255.0, inputs[2, 2]);
    }

    [Fact]
    public void PixelScaling_EveryByteValue_MatchesTheScalarDivision()
    {
        // 263 values: eight full vectors of 32 and a scalar tail of 7.
        byte[] pixels = [.. Enumerable.Range(0, 256).Select(i => (byte)i), 255, 0, 1, 2, 128, 254, 255];
        var floats = new float[pixels.Length];
        var doubles = new double[pixels.Length];
        PixelScaling.ToUnitInterval<float>(pixels, floats);
        PixelScaling.ToUnitInterval<double>(pixels, doubles);

        Assert.Equal(pixels.Select(b => b / 255f), floats);
        Assert.Equal(pixels.Select(b => b / 255.0), doubles);
    }

    [Fact]
    public void IdxImageDataset_TakeAndSubset_StayBytesAndKeepTheLabels()
    {
        var (imagesPath, labelsPath) = WriteSet(gzip: false);
        var data = IdxImageDataset<float>.Load(imagesPath, labelsPath, ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
        var first = Assert.IsType<IdxImageDataset<float>>(data.Take(2));
        var picked = Assert.IsType<IdxImageDataset<float>>(data.Subset([2, 0]));

        Assert.Equal(2, first.Count);
        Assert.Equal(new[] { 4, 0 }, new[] { picked.Label(0), picked.Label(1) });
        Assert.Equal(Pixels.AsSpan(8, 4).ToArray(), picked.Pixels(0).ToArray());
        Assert.Equal(data.LabelNames, picked.LabelNames);
    }

    [Fact]
    public void Idx_WrongMagic_NamesTheFileAndTheNumber()
    {
        string path = _folder.Write("bad", Idx(0x12345678, [1, 1, 1], [0]));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains("0x12345678", e.Message);
    }

    [Fact]
    public void Idx_LabelFileGivenAsImages_ReportsUnexpectedDimensions()
    {
        string path = _folder.Write("labels", Idx(IdxReader.LabelsMagic, [1], [3]));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains("dimensions", e.Message);
    }

    [Fact]
    public void Idx_EmptyImageSize_ReportsTheDimensions()
    {
        string path = _folder.Write("flat", Idx(IdxReader.ImagesMagic, [2, 0, 28], []));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("0×28", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_Truncated_SaysHowManyBytesWerePromisedAndFound(bool gzip)
    {
        byte[] bytes = Idx(IdxReader.ImagesMagic, [3, 2, 2], Pixels.AsSpan(0, 10).ToArray());
        string path = _folder.Write("short", gzip ? Gzip(bytes) : bytes);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains("promises 12 bytes", e.Message);
        Assert.Contains("only 10", e.Message);
    }

    [Fact]
    public void Idx_CountsThatDiffer_NameBothFiles()
    {
        string images = _folder.Write("images", Idx(IdxReader.ImagesMagic, [3, 2, 2], Pixels));
        string labels = _folder.Write("labels", Idx(IdxReader.LabelsMagic, [2], [1, 2]));
        var e = Assert.Throws<DataFormatException>(() => IdxImageDataset<float>.Load(images, labels));

        Assert.StartsWith($"{labels}: ", e.Message);
        Assert.Contains(images, e.Message);
        Assert.Contains("2 labels for the 3 images", e.Message);
    }

    [Fact]
    public void Idx_LabelBeyondTheClasses_IsAnError()
    {
        string images = _folder.Write("images", Idx(IdxReader.ImagesMagic, [3, 2, 2], Pixels));
        string labels = _folder.Write("labels", Idx(IdxReader.LabelsMagic, [3], [1, 12, 0]));
        var e = Assert.Throws<DataFormatException>(() => IdxImageDataset<float>.Load(images, labels));
        Assert.Contains("label 12 of sample 1", e.Message);
    }

    [Fact]
    public void Idx_MissingFileOrFolder_NamesThePath()
    {
        string missing = Path.Combine(_folder.Path, "none");
        Assert.StartsWith($"{missing}: ", Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(missing)).Message);
        Assert.Contains("folder", Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(_folder.Path)).Message);
    }

    [Fact]
    public void Idx_DamagedGzip_IsADataFormatException()
    {
        byte[] gz = Gzip(Idx(IdxReader.LabelsMagic, [3], Labels));
        gz[12] ^= 0xff;
        gz[13] ^= 0xff;
        string path = _folder.Write("damaged", gz);
        Assert.StartsWith($"{path}: ", Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path)).Message);
    }
}
