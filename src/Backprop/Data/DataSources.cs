using System.Globalization;
using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Turns a data-source name or path into data sets: the built-in toy sets, the generated 2-D sets,
/// MNIST and Fashion-MNIST from IDX files already on disk (nothing is downloaded), a folder of IDX files,
/// or a .csv file.
/// </summary>
public static class DataSources
{
    /// <summary>The environment variable naming a folder that holds IDX files.</summary>
    public const string DataFolderVariable = "BACKPROP_DATA";

    /// <summary>The Debian package that installs Fashion-MNIST into /usr/share/datasets/fashion-mnist.</summary>
    public const string FashionMnistPackage = "dataset-fashion-mnist";

    /// <summary>Fashion-MNIST's class names, in label order.</summary>
    public static readonly IReadOnlyList<string> FashionMnistLabels =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>MNIST's class names: the digits.</summary>
    public static readonly IReadOnlyList<string> DigitLabels =
        Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>MNIST's and Fashion-MNIST's images: 28×28 pixels of one grey channel.</summary>
    public static readonly Layers.ImageShape MnistImageShape = new(28, 28, 1);

    /// <summary>MNIST's and Fashion-MNIST's number of classes.</summary>
    public const int MnistClasses = 10;

    /// <summary>
    /// What is known of <paramref name="nameOrPath"/>'s samples before any of it is read: for the built-in image sets
    /// (mnist, fashion-mnist) their shape and classes, so that a network's memory can be judged before a file is opened;
    /// null for any other source.
    /// </summary>
    public static (Layers.ImageShape Shape, int Outputs)? KnownBeforeReading(string nameOrPath) =>
        nameOrPath.Trim().ToLowerInvariant() is "mnist" or "fashion-mnist" ? (MnistImageShape, MnistClasses) : null;

    /// <summary>The names <see cref="Load{T}"/> accepts besides paths.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["xor", "and", "or", "single-weight", "linear-neuron", "sigmoid-neuron", "neuron-with-bias",
         "circles", "moons", "spirals", .. PlaygroundData.ClassificationNames, .. PlaygroundData.RegressionNames, "mnist", "fashion-mnist"];

    private static readonly string[] IdxFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Loads the source called <paramref name="nameOrPath"/>: a name from <see cref="Names"/>, a CSV file (of any extension) or a folder of IDX files.</summary>
    /// <example><c>LoadedData&lt;float&gt; data = DataSources.Load&lt;float&gt;("fashion-mnist");</c></example>
    public static LoadedData<T> Load<T>(string nameOrPath, DataSourceOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        options ??= new DataSourceOptions();
        string name = nameOrPath.Trim().ToLowerInvariant();
        // Generated points take about 100 bytes each in float while a run holds them (measured: 2,000,000 points of
        // circle or spirals peak 150-190 MiB above an empty run); 32 values of T each is a little above that.
        if (options.Samples is int samples && Names.Contains(name))
            Training.MemoryLimit.Check(Training.MemoryLimit.Bytes(samples, 32L * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()),
                $"{samples:N0} generated samples (--samples)", "ask for fewer samples");
        LearningTask classification = LearningTask.Classification, regression = LearningTask.Regression;
        return name switch
        {
            "xor" => Fixed(nameOrPath, ToyData.Xor<T>(), classification),
            "and" => Fixed(nameOrPath, ToyData.And<T>(), classification),
            "or" => Fixed(nameOrPath, ToyData.Or<T>(), classification),
            "single-weight" => Fixed(nameOrPath, ToyData.SingleWeight<T>(), regression),
            "linear-neuron" => Fixed(nameOrPath, ToyData.LinearNeuron<T>(), regression),
            "sigmoid-neuron" => Fixed(nameOrPath, ToyData.SigmoidNeuron<T>(), classification),
            "neuron-with-bias" => Fixed(nameOrPath, ToyData.NeuronWithBias<T>(), classification),
            "circles" => Fixed(nameOrPath, SyntheticData.Circles<T>(options.Samples ?? 200, options.Noise ?? 0.1, options.Seed), classification),
            "moons" => Fixed(nameOrPath, SyntheticData.Moons<T>(options.Samples ?? 200, options.Noise ?? 0.1, options.Seed), classification),
            "spirals" => Fixed(nameOrPath, SyntheticData.Spirals<T>(options.Samples ?? 300, options.Classes ?? 3, options.Noise ?? 0.2, options.Seed), classification),
            _ when PlaygroundData.Has(name) => Fixed(nameOrPath, PlaygroundData.Make<T>(name, options.Samples, options.Noise ?? 0, options.Seed),
                PlaygroundData.RegressionNames.Contains(name) ? regression : classification),
            "mnist" or "fashion-mnist" => Idx<T>(name, FindIdxFolder(name, options.SearchFolders ?? DefaultSearchFolders(name))),
            _ when name.EndsWith(".csv", StringComparison.Ordinal) => Csv<T>(nameOrPath, options.Csv),
            _ when Directory.Exists(nameOrPath) => Idx<T>(nameOrPath, FindIdxFolder(nameOrPath, [nameOrPath])),
            // A file of another extension (data.txt, data.tsv) is read as CSV; the reader says if it is not one.
            _ when File.Exists(nameOrPath) => Csv<T>(nameOrPath, options.Csv),
            _ => throw new BackpropException(
                $"Unknown data source '{nameOrPath}': no such file or folder; use a CSV file, a folder of IDX files, or one of: {string.Join(", ", Names)}."),
        };
    }

    /// <summary>
    /// Where IDX files of <paramref name="name"/> are looked for: <paramref name="dataFolder"/> (normally
    /// $BACKPROP_DATA) and its subfolder named <paramref name="name"/>, then /usr/share/datasets/<paramref name="name"/>,
    /// where the Debian package <c>dataset-fashion-mnist</c> installs Fashion-MNIST.
    /// </summary>
    public static IReadOnlyList<string> SearchFolders(string name, string? dataFolder)
    {
        var folders = new List<string>();
        if (!string.IsNullOrWhiteSpace(dataFolder))
        {
            folders.Add(dataFolder);
            folders.Add(Path.Combine(dataFolder, name));
        }
        folders.Add(Path.Combine("/usr/share/datasets", name));
        return folders;
    }

    private static IReadOnlyList<string> DefaultSearchFolders(string name) =>
        SearchFolders(name, Environment.GetEnvironmentVariable(DataFolderVariable));

    private static LoadedData<T> Fixed<T>(string name, Dataset<T> data, LearningTask task)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(name, data, null, task == LearningTask.Classification ? data.LabelNames : null, task);

    private static LoadedData<T> Csv<T>(string path, CsvOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var csv = CsvDataReader.ReadWithNotes<T>(path, options);
        return new LoadedData<T>(path, csv.Data, null, csv.Data.LabelNames, csv.Task) { Notes = csv.Notes, Columns = csv.Columns, Target = csv.Target };
    }

    private static LoadedData<T> Idx<T>(string name, string[] files) where T : unmanaged, IFloatingPointIeee754<T>
    {
        IReadOnlyList<string> labels = name == "fashion-mnist" ? FashionMnistLabels : DigitLabels;
        var train = IdxImageDataset<T>.Load(files[0], files[1], labels);
        var test = IdxImageDataset<T>.Load(files[2], files[3], labels);
        if ((test.ImageRows, test.ImageColumns) != (train.ImageRows, train.ImageColumns))
            throw new BackpropException(
                $"{files[2]}: the test images are {test.ImageRows}×{test.ImageColumns}, but the training images in {files[0]} are " +
                $"{train.ImageRows}×{train.ImageColumns}; a network takes one size: put test images of the training images' size in the folder.");
        return new LoadedData<T>(name, train, test, labels, LearningTask.Classification) 
        {
            ImageShape = new Layers.ImageShape(train.ImageRows, train.ImageColumns, 1),
            PixelScale = PixelScaling.Divisor,
        };
    }

    /// <summary>The four IDX files from the first folder that has them all, each plain or gzipped.</summary>
    private static string[] FindIdxFolder(string name, IReadOnlyList<string> folders)
    {
        (string Folder, string[] Missing)? partial = null;
        foreach (string folder in folders)
        {
            string?[] found = IdxFiles.Select(f => FindFile(folder, f)).ToArray();
            if (found.All(f => f is not null)) return found!;
            if (partial is null && found.Any(f => f is not null))
                partial = (folder, IdxFiles.Where((_, i) => found[i] is null).ToArray());
        }
        string wanted = string.Join(", ", IdxFiles.Select(f => f + "[.gz]"));
        string problem = partial is { } p
            ? $"{p.Folder} lacks {string.Join(", ", p.Missing.Select(f => f + "[.gz]"))}"
            : $"no folder has its IDX files ({wanted}); looked in {string.Join(", ", folders)}";
        throw new BackpropException($"Data source '{name}': {problem}; {IdxFix(name)}.");
    }

    /// <summary>How to make the IDX files of <paramref name="name"/> findable, in words for the person who lacks them.</summary>
    public static string IdxFix(string name) => name switch
    {
        "fashion-mnist" => $"install them with `sudo apt-get install {FashionMnistPackage}`, or set {DataFolderVariable} to the folder that holds the four files",
        "mnist" => $"nothing is downloaded: put the four MNIST files in a folder and set {DataFolderVariable} to it",
        _ => "give a folder that holds all four files",
    };

    private static string? FindFile(string folder, string baseName)
    {
        foreach (string candidate in (string[])[Path.Combine(folder, baseName), Path.Combine(folder, baseName + ".gz")])
        {
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
