// TorchSharp peer of bench/compare.sh: the recipe of bench/torch_fashion.py (784-128-10 ReLU, softmax cross-entropy,
// batch 64, SGD lr 0.1 or Adam lr 1e-3) on LibTorch through TorchSharp, on the CPU. Prints one JSON line, as the
// Python peers do: each epoch's seconds (the steps only, as Backprop and PyTorch time them) and the test accuracy.
// Usage: dotnet TorchSharpFashion.dll OPTIMIZER EPOCHS SEED [THREADS]   (run through bench/torchsharp.sh)
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

string optimizerName = args[0];
int epochs = int.Parse(args[1]), seed = int.Parse(args[2]);
int threads = args.Length > 3 ? int.Parse(args[3]) : 1;
torch.set_num_threads(threads);
torch.manual_seed(seed);
var (xtr, ytr) = (Images("train-images-idx3-ubyte"), Labels("train-labels-idx1-ubyte"));
var (xte, yte) = (Images("t10k-images-idx3-ubyte"), Labels("t10k-labels-idx1-ubyte"));
var model = nn.Sequential(("fc1", nn.Linear(784, 128)), ("relu", nn.ReLU()), ("fc2", nn.Linear(128, 10)));
var lossFunction = nn.CrossEntropyLoss();
optim.Optimizer optimizer = optimizerName == "sgd" ? optim.SGD(model.parameters(), 0.1) : optim.Adam(model.parameters(), 1e-3);
var shuffle = new Generator((ulong)seed);
int rows = (int)xtr.shape[0];
var seconds = new List<double>();
for (int epoch = 0; epoch < epochs; epoch++)
{
    long start = Stopwatch.GetTimestamp();
    using var order = randperm(rows, generator: shuffle);
    for (int i = 0; i < rows; i += 64)
    {
        using var step = NewDisposeScope();   // frees the step's temporaries at once, as PyTorch's reference counts do
        var index = order.slice(0, i, Math.Min(i + 64, rows), 1);
        optimizer.zero_grad();
        var loss = lossFunction.forward(model.forward(xtr.index_select(0, index)), ytr.index_select(0, index));
        loss.backward();
        optimizer.step();
    }
    seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
}
double accuracy;
using (no_grad())
    accuracy = model.forward(xte).argmax(1).eq(yte).to_type(ScalarType.Float32).mean().item<float>();
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["peer"] = $"torchsharp 0.107.0, libtorch 2.10.0 ({threads} thread{(threads > 1 ? "s" : "")})",
    ["seconds"] = seconds, ["test_accuracy"] = accuracy,
    ["peak_rss_mib"] = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
}));

// Fashion-MNIST's IDX files (Debian's dataset-fashion-mnist, or BACKPROP_DATA), gzipped or not.
static byte[] Read(string name)
{
    string[] folders = [Environment.GetEnvironmentVariable("BACKPROP_DATA") ?? "", "/usr/share/datasets/fashion-mnist"];
    foreach (var folder in folders.Where(f => f.Length > 0))
    {
        string path = Path.Combine(folder, name);
        if (File.Exists(path)) return File.ReadAllBytes(path);
        if (!File.Exists(path + ".gz")) continue;
        using var gz = new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gz.CopyTo(bytes);
        return bytes.ToArray();
    }
    Console.Error.WriteLine($"{name} not found: apt-get install dataset-fashion-mnist, or set BACKPROP_DATA");
    Environment.Exit(2);
    return [];
}

// The images as float32 in [0, 1], one row of 784 per image (the whole set converted up front, as the Python peers do).
static Tensor Images(string name)
{
    byte[] idx = Read(name);
    int count = (idx[4] << 24) | (idx[5] << 16) | (idx[6] << 8) | idx[7];
    var pixels = new float[count * 784];
    for (int i = 0; i < pixels.Length; i++) pixels[i] = idx[16 + i] / 255f;
    return tensor(pixels, [count, 784]);
}

static Tensor Labels(string name) => tensor(Read(name)[8..].Select(b => (long)b).ToArray());
