using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type byte
/// 0x08 for unsigned bytes, the number of dimensions, then each dimension as a 32-bit integer) followed
/// by the values. Files may be gzipped; that is detected from the 0x1f 0x8b magic, not from the name.
/// </summary>
public static class IdxReader
{
    /// <summary>The magic number of an IDX file of unsigned-byte images: count × rows × columns.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of an IDX file of unsigned-byte labels: one dimension, the count.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file (plain or gzipped).</summary>
    /// <example><c>IdxImages images = IdxReader.ReadImages("train-images-idx3-ubyte.gz");</c></example>
    public static IdxImages ReadImages(string path)
    {
        (int[] dims, byte[] data) = Read(path, ImagesMagic, "an image file");
        if (dims[1] == 0 || dims[2] == 0)
            throw new DataFormatException(path, $"the images are {dims[1]}×{dims[2]} pixels; an image needs at least one row and one column");
        return new IdxImages(data, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a label file (plain or gzipped): one byte per sample.</summary>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, "a label file").Data;

    private static (int[] Dims, byte[] Data) Read(string path, int expectedMagic, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new DataFormatException(path, $"this is a folder, not a file; give the path of {what} inside it");
        if (!File.Exists(path))
            throw new DataFormatException(path, "no such file; check the path");
        try
        {
            using Stream stream = Open(path);
            Span<byte> magicBytes = stackalloc byte[4];
            if (stream.ReadAtLeast(magicBytes, 4, throwOnEndOfStream: false) < 4)
                throw new DataFormatException(path, $"the file is shorter than an IDX header; it is not {what} (truncated or empty?)");
            int magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
            CheckMagic(path, magic, expectedMagic, what);

            int[] dims = ReadDimensions(path, stream, expectedMagic & 0xff);
            // Each dimension is below 2³¹, so stopping as soon as the product passes Array.MaxLength keeps it
            // from overflowing (a damaged header once wrapped it to a negative size).
            long expected = 1;
            foreach (int d in dims)
                if ((expected *= d) > Array.MaxLength) break;
            if (expected > Array.MaxLength)
                throw new DataFormatException(path, $"the header promises {expected} bytes of data, more than one array can hold");
            var data = new byte[expected];
            int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (read < data.Length)
                throw new DataFormatException(path,
                    $"the file is truncated: its header promises {expected} bytes of data ({string.Join(" × ", dims)}) but it holds only {read}; copy or download it again");
            return (dims, data);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A damaged gzip stream surfaces as InvalidDataException; a disk problem as IOException.
            throw new DataFormatException(path, $"the file cannot be read ({e.Message}); copy or download it again", null, null, e);
        }
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1f && b1 == 0x8b ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    private static void CheckMagic(string path, int magic, int expectedMagic, string what)
    {
        if (magic == expectedMagic) return;
        string found = $"0x{magic:X8}";
        string problem = (magic >> 16) != 0
            ? $"wrong magic number {found}: this is not an IDX file; {what} starts with 0x{expectedMagic:X8}"
            : ((magic >> 8) & 0xff) != 0x08
                ? $"magic number {found} says the values are of type 0x{(magic >> 8) & 0xff:X2}, not unsigned bytes (0x08); {what} starts with 0x{expectedMagic:X8}"
                : $"unexpected dimensions: magic number {found} says {magic & 0xff} dimensions, but {what} has {expectedMagic & 0xff} (0x{expectedMagic:X8}); are the image and label files swapped?";
        throw new DataFormatException(path, problem);
    }

    private static int[] ReadDimensions(string path, Stream stream, int count)
    {
        Span<byte> header = stackalloc byte[4 * count];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            throw new DataFormatException(path, $"the file is truncated inside its header ({count} dimensions expected)");
        var dims = new int[count];
        for (int i = 0; i < count; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(header.Slice(4 * i, 4));
            if (dims[i] < 0) throw new DataFormatException(path, $"dimension {i + 1} is negative ({dims[i]}); the header is damaged");
        }
        return dims;
    }
}
