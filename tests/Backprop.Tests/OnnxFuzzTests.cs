using Backprop.Onnx;
using Backprop.Random;
using Xunit.Abstractions;

namespace Backprop.Tests;

/// <summary>
/// Thousands of randomly damaged ONNX files (<see cref="FileFuzzer"/>): the importer loads each or refuses it with
/// one ModelFormatException line, never another exception and never a hang. The damage aims at protobuf's
/// weak points: lengths and varints, cut and spliced messages.
/// </summary>
public sealed class OnnxFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly byte[] Troublemakers = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x08, 0x12, 0x1A, 0x3A, 0x4A];
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void RandomlyDamagedExportedFiles_ImportOrThrowModelFormatException()
    {
        string good = Path.Combine(_folder.Path, "good.onnx");
        SampleModels.EveryLayer<float>().SaveOnnx(good, SampleModels.Metadata);
        FileFuzzer.Run(output, Path.Combine(_folder.Path, "fuzz.onnx"), File.ReadAllBytes(good), file => OnnxImport.Load(file), Mutate, seed: 14);
    }

    [Fact]
    public void RandomlyDamagedPyTorchFiles_ImportOrThrowModelFormatException()
    {
        byte[] good = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Reference", "torch", "sequential_unfolded.onnx"));
        FileFuzzer.Run(output, Path.Combine(_folder.Path, "fuzz.onnx"), good, file => OnnxImport.Load(file), Mutate, seed: 15);
    }

    private static (byte[] Bytes, string What) Mutate(byte[] file, NumPyRandomState random)
    {
        if (file.Length == 0) return ([(byte)random.RandInt(256)], "one random byte");
        int at = (int)random.RandInt(file.Length);
        switch (random.RandInt(6))
        {
            case 0:
            {
                var bytes = file.ToArray();
                int count = (int)random.RandInt(1, 5);
                for (int i = 0; i < count; i++) bytes[random.RandInt(bytes.Length)] = (byte)random.RandInt(256);
                return (bytes, $"{count} random bytes anywhere");
            }
            case 1:
                return (file[..at], $"truncated to {at} bytes");
            case 2:
            {
                var bytes = file.ToArray();
                byte b = Troublemakers[random.RandInt(Troublemakers.Length)];
                bytes[at] = b;
                return (bytes, $"byte {at} set to 0x{b:X2} (a length, a tag or a varint continuation)");
            }
            case 3:
            {
                var extra = new byte[random.RandInt(1, 9)];
                for (int i = 0; i < extra.Length; i++) extra[i] = (byte)random.RandInt(256);
                return ([.. file[..at], .. extra, .. file[at..]], $"{extra.Length} random bytes inserted at {at}");
            }
            case 4:
            {
                int length = (int)random.RandInt(1, Math.Max(2, Math.Min(64, file.Length - at)));
                int end = Math.Min(file.Length, at + length);
                return ([.. file[..at], .. file[end..]], $"bytes {at} to {end} deleted");
            }
            default:
            {
                int length = (int)random.RandInt(1, 65);
                int end = Math.Min(file.Length, at + length);
                int to = (int)random.RandInt(file.Length + 1);
                return ([.. file[..to], .. file[at..end], .. file[to..]], $"bytes {at} to {end} copied to {to}");
            }
        }
    }
}
