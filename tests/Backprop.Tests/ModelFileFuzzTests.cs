using System.Text;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Training;
using Xunit.Abstractions;

namespace Backprop.Tests;

/// <summary>
/// Thousands of randomly damaged model and checkpoint files (<see cref="FileFuzzer"/>): each must load or fail
/// with a ModelFormatException, never another exception and never a hang.
/// </summary>
public sealed class ModelFileFuzzTests : IDisposable
{
    private const string Palette = "{}[]\",:0123456789-.eE \\aZ";
    private static readonly string[] Numbers = ["0", "-1", "2147483648", "9223372036854775808", "1e308", "99999999999999999999", "1.5", "-0", "4294967295"];

    private readonly ScratchFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public ModelFileFuzzTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void RandomlyDamagedModelFiles_LoadOrThrowModelFormatException()
    {
        string path = Path.Combine(_folder.Path, "good.safetensors");
        SampleModels.Classifier<float>().Save(path, SampleModels.Metadata);
        Fuzz(File.ReadAllBytes(path), file => ModelFile.Load(file), seed: 2024);
    }

    [Fact]
    public void RandomlyDamagedCheckpoints_LoadOrThrowModelFormatException()
    {
        var data = InMemoryDataset<double>.FromRows([[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1]], [[1, 0], [0, 1], [0, 1], [1, 0]]);
        var trainer = new Trainer<double>(SampleModels.Classifier<double>(), new SoftmaxCrossEntropy<double>(), new Adam<double>())
        {
            Epochs = 2, Batching = new BatchMode.MiniBatch(3), RecordEvery = 1,
        };
        trainer.Fit(data);
        string path = Path.Combine(_folder.Path, "good.safetensors");
        Checkpoint.Save(path, trainer);
        Fuzz(File.ReadAllBytes(path), file => Checkpoint.Load(file), seed: 2025);
    }

    private void Fuzz(byte[] good, Action<string> load, uint seed) =>
        FileFuzzer.Run(_output, Path.Combine(_folder.Path, "fuzz.safetensors"), good, load, Mutate, seed);

    private static (byte[] Bytes, string What) Mutate(byte[] file, NumPyRandomState random)
    {
        var bytes = file.ToArray();
        int headerEnd = bytes.Length >= 8 ? (int)Math.Clamp(BitConverter.ToInt64(bytes, 0) + 8, 8, bytes.Length) : bytes.Length;
        switch (random.RandInt(6))
        {
            case 0:
            {
                int count = (int)random.RandInt(1, 5);
                for (int i = 0; i < count && bytes.Length > 0; i++) bytes[random.RandInt(bytes.Length)] = (byte)random.RandInt(256);
                return (bytes, $"{count} random bytes anywhere");
            }
            case 1:
            {
                if (headerEnd <= 8) return (bytes, "nothing");
                long at = random.RandInt(8, headerEnd);
                bytes[at] = (byte)random.RandInt(256);
                return (bytes, $"header byte {at} replaced");
            }
            case 2:
            {
                int length = (int)random.RandInt(bytes.Length + 1);
                return (bytes[..length], $"truncated to {length} bytes");
            }
            case 3:
            {
                var extra = new byte[random.RandInt(1, 65)];
                for (int i = 0; i < extra.Length; i++) extra[i] = (byte)random.RandInt(256);
                return ([.. bytes, .. extra], $"{extra.Length} bytes appended");
            }
            case 4:
            {
                ulong length = random.RandInt(3) == 0 ? ((ulong)random.NextUInt32() << 32) | random.NextUInt32()
                    : (ulong)Math.Max(0, headerEnd - 8 + random.RandInt(-16, 17));
                if (bytes.Length >= 8) BitConverter.GetBytes(length).CopyTo(bytes, 0);
                return (bytes, $"header length set to {length}");
            }
            default:
                return MutateHeaderText(bytes, headerEnd, random);
        }
    }

    /// <summary>Edits the header as text (and repacks it with the right length), which reaches the checks behind the JSON parser.</summary>
    private static (byte[] Bytes, string What) MutateHeaderText(byte[] bytes, int headerEnd, NumPyRandomState random)
    {
        if (headerEnd <= 8) return (bytes, "nothing");
        var text = new StringBuilder(Encoding.UTF8.GetString(bytes, 8, headerEnd - 8));
        int at = (int)random.RandInt(text.Length);
        string what;
        switch (random.RandInt(3))
        {
            case 0:
                text.Remove(at, 1);
                what = $"header character {at} deleted";
                break;
            case 1:
                char c = Palette[(int)random.RandInt(Palette.Length)];
                text.Insert(at, c);
                what = $"'{c}' inserted at header character {at}";
                break;
            default:
                int digit = text.ToString().IndexOfAny("0123456789".ToCharArray(), at);
                if (digit < 0) return (bytes, "nothing");
                int end = digit;
                while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
                string number = Numbers[random.RandInt(Numbers.Length)];
                text.Remove(digit, end - digit).Insert(digit, number);
                what = $"number at header character {digit} set to {number}";
                break;
        }
        return (ModelFileEditor.Pack(text.ToString(), bytes[headerEnd..]), what);
    }
}
