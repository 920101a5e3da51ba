using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Backprop.Data;
using Backprop.Random;

namespace Backprop.Tests;

/// <summary>
/// Thousands of randomly damaged CSV and IDX files: each must load or fail with a DataFormatException,
/// never another exception, a crash or a hang. The damage comes from a seeded generator, so a failure
/// names a case that reproduces.
/// </summary>
public sealed class DataFuzzTests : IDisposable
{
    private const int MaxCases = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);
    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes(",,\n\r\"\"x.-eE9 0;\t");
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RandomlyDamagedCsvFiles_LoadOrThrowDataFormatException()
    {
        byte[] good = Encoding.UTF8.GetBytes("sepal,petal,width,species\n5.1,3.5,1.4,setosa\n4.9,3.0,1.4,setosa\n6.3,3.3,6.0,virginica\n" +
                                             "\"5,8\",2.7,5.1,virginica\n7.0,3.2,4.7,versicolor\n-1e3,0.5,2,versicolor\n");
        await Fuzz(good, ".csv", seed: 11, path =>
        {
            CsvDataReader.Read<float>(path);
            CsvDataReader.Read<double>(path, new CsvOptions { TargetIndex = 1, Task = LearningTask.Regression });
            CsvDataReader.ReadFeatures<float>(path, "species");
        });
    }

    [Fact]
    public async Task RandomlyDamagedIdxFiles_LoadOrThrowDataFormatException()
    {
        byte[] images = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, .. Enumerable.Range(0, 12).Select(i => (byte)(i * 20))];
        byte[] labels = [0, 0, 8, 1, 0, 0, 0, 3, 7, 1, 9];
        string labelPath = _folder.Write("labels-idx1-ubyte", labels);
        await Fuzz(images, "-images", seed: 12, path =>
        {
            IdxReader.ReadImages(path);
            IdxImageDataset<float>.Load(path, labelPath).ToMatrices();
        });
        await Fuzz(labels, "-labels", seed: 13, path => IdxReader.ReadLabels(path));
        await Fuzz(Gzip(images), "-images.gz", seed: 14, path => IdxReader.ReadImages(path));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest)) gz.Write(data);
        return memory.ToArray();
    }

    private async Task Fuzz(byte[] good, string suffix, uint seed, Action<string> load)
    {
        var run = Task.Run(() =>
        {
            var random = new NumPyRandomState(seed);
            var clock = Stopwatch.StartNew();
            for (int c = 0; c < MaxCases && clock.Elapsed < Budget; c++)
            {
                string path = _folder.Write($"case{suffix}", Mutate(good, random));
                try { load(path); }
                catch (DataFormatException) { }
                catch (Exception e)
                {
                    Assert.Fail($"case {c} (seed {seed}) threw {e.GetType().Name}: {e.Message}");
                }
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(HangLimit));
        Assert.True(finished == run, $"a {suffix} case hung");
        await run;
    }

    private static byte[] Mutate(byte[] good, NumPyRandomState random)
    {
        var bytes = new List<byte>(good);
        int edits = 1 + (int)random.RandInt(4);
        for (int e = 0; e < edits; e++)
        {
            int at = bytes.Count == 0 ? 0 : (int)random.RandInt(bytes.Count);
            switch (random.RandInt(5))
            {
                case 0 when bytes.Count > 0: bytes[at] = (byte)random.RandInt(256); break;                       // any byte
                case 1 when bytes.Count > 0: bytes[at] = Interesting[random.RandInt(Interesting.Length)]; break;  // a CSV-ish byte
                case 2: bytes.Insert(at, Interesting[random.RandInt(Interesting.Length)]); break;
                case 3 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (int)random.RandInt(8))); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;                                             // truncate
            }
        }
        return bytes.ToArray();
    }
}
