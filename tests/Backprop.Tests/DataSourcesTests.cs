using Backprop.Data;

namespace Backprop.Tests;

public sealed class DataSourcesTests : IDisposable
{
    private const string FashionFolder = "/usr/share/datasets/fashion-mnist";
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("xor", 4, 2, 1, LearningTask.Classification)]
    [InlineData("AND", 4, 2, 1, LearningTask.Classification)]
    [InlineData("or", 4, 2, 1, LearningTask.Classification)]
    [InlineData("single-weight", 1, 1, 1, LearningTask.Regression)]
    [InlineData("linear-neuron", 2, 2, 1, LearningTask.Regression)]
    [InlineData("sigmoid-neuron", 4, 3, 1, LearningTask.Classification)]
    [InlineData("neuron-with-bias", 8, 2, 1, LearningTask.Classification)]
    [InlineData("circles", 200, 2, 2, LearningTask.Classification)]
    [InlineData("moons", 200, 2, 2, LearningTask.Classification)]
    [InlineData("spirals", 300, 2, 3, LearningTask.Classification)]
    public void DataSources_BuiltInName_LoadsWithNothingInstalled(string name, int count, int inputs, int targets, LearningTask task)
    {
        LoadedData<float> data = DataSources.Load<float>(name);

        Assert.Equal((count, inputs, targets, task), (data.Train.Count, data.Train.InputSize, data.Train.TargetSize, data.Task));
        Assert.Null(data.Test);
        Assert.Equal(task == LearningTask.Regression, data.LabelNames is null);
    }

    [Fact]
    public void DataSources_GeneratedSets_TakeSamplesNoiseClassesAndSeed()
    {
        var options = new DataSourceOptions { Samples = 50, Classes = 5, Noise = 0.1, Seed = 9 };
        var a = DataSources.Load<double>("spirals", options);
        var b = DataSources.Load<double>("spirals", options);

        Assert.Equal((50, 5), (a.Train.Count, a.Train.TargetSize));
        Assert.Equal(a.Train.ToMatrices().Inputs.ToArray(), b.Train.ToMatrices().Inputs.ToArray());
    }

    [Fact]
    public void DataSources_CsvPath_IsReadWithTheCsvOptions()
    {
        string path = _folder.Write("house.CSV", "rooms,price\n3,250.5\n4,300\n");
        var data = DataSources.Load<double>(path, new DataSourceOptions { Csv = new CsvOptions { Task = LearningTask.Regression } });

        Assert.Equal(LearningTask.Regression, data.Task);
        Assert.Null(data.LabelNames);
        Assert.Equal(new[] { 250.5, 300 }, data.Train.ToMatrices().Targets.ToArray());
    }

    [Fact]
    public void DataSources_UnknownName_ListsTheNames()
    {
        var e = Assert.Throws<BackpropException>(() => DataSources.Load<float>("cifar"));
        Assert.Contains("fashion-mnist", e.Message);
        Assert.Contains("spirals", e.Message);
    }

    [Fact]
    public void DataSources_SearchFolders_StartWithBackpropDataThenTheDebianFolder()
    {
        Assert.Equal(
            new[] { "/data", Path.Combine("/data", "fashion-mnist"), FashionFolder },
            DataSources.SearchFolders("fashion-mnist", "/data"));
        Assert.Equal(new[] { FashionFolder }, DataSources.SearchFolders("fashion-mnist", null));
    }

    [Fact]
    public void FashionMnist_WithBackpropDataAtAnEmptyFolder_NamesTheFilesThePackageAndTheVariable()
    {
        // Only the empty folder is searched, so the test means the same on machines with the package.
        var options = new DataSourceOptions { SearchFolders = DataSources.SearchFolders("fashion-mnist", _folder.Path).Take(2).ToArray() };
        var e = Assert.Throws<BackpropException>(() => DataSources.Load<float>("fashion-mnist", options));

        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains(_folder.Path, e.Message);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("BACKPROP_DATA", e.Message);
    }

    [Fact]
    public void Mnist_WithSomeFilesMissing_NamesTheMissingOnes()
    {
        _folder.Write("train-images-idx3-ubyte.gz", [1]);
        _folder.Write("train-labels-idx1-ubyte", [1]);
        var e = Assert.Throws<BackpropException>(() => DataSources.Load<float>("mnist", new DataSourceOptions { SearchFolders = [_folder.Path] }));

        Assert.Contains("lacks t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]", e.Message);
        Assert.Contains("BACKPROP_DATA", e.Message);
    }

    [Fact]
    public void Mnist_FromAFolderOfIdxFiles_LoadsTrainAndTestWithDigitNames()
    {
        string sub = Path.Combine(_folder.Path, "mnist");
        Directory.CreateDirectory(sub);
        byte[] images = IdxReaderTests.Idx(IdxReader.ImagesMagic, [2, 1, 3], [0, 1, 2, 3, 4, 255]);
        byte[] labels = IdxReaderTests.Idx(IdxReader.LabelsMagic, [2], [7, 3]);
        File.WriteAllBytes(Path.Combine(sub, "train-images-idx3-ubyte.gz"), IdxReaderTests.Gzip(images));
        File.WriteAllBytes(Path.Combine(sub, "train-labels-idx1-ubyte"), labels);
        File.WriteAllBytes(Path.Combine(sub, "t10k-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(sub, "t10k-labels-idx1-ubyte.gz"), IdxReaderTests.Gzip(labels));

        var data = DataSources.Load<float>("mnist", new DataSourceOptions { SearchFolders = DataSources.SearchFolders("mnist", _folder.Path) });

        Assert.Equal((2, 3, 10), (data.Train.Count, data.Train.InputSize, data.Train.TargetSize));
        Assert.Equal(2, data.Test!.Count);
        Assert.Equal(DataSources.DigitLabels, data.LabelNames);
        Assert.Equal(data.LabelNames, data.Train.LabelNames);
    }

    [Fact]
    public void FashionMnist_FromTheDebianPackage_Has60000TrainingAnd10000TestImagesOf28By28()
    {
        // Runs only where `apt-get install dataset-fashion-mnist` has put the files; elsewhere it has nothing to check.
        if (!File.Exists(Path.Combine(FashionFolder, "train-images-idx3-ubyte.gz"))) return;

        var data = DataSources.Load<float>("fashion-mnist", new DataSourceOptions { SearchFolders = [FashionFolder] });
        var train = Assert.IsType<IdxImageDataset<float>>(data.Train);
        var test = Assert.IsType<IdxImageDataset<float>>(data.Test);

        Assert.Equal((60_000, 28, 28, 10), (train.Count, train.ImageRows, train.ImageColumns, train.TargetSize));
        Assert.Equal(10_000, test.Count);
        Assert.Equal("Ankle boot", data.LabelNames![9]);
        Assert.Equal(2_000, train.Take(2_000).Count);
        // Fashion-MNIST is balanced: 6,000 training images per class.
        Assert.All(Enumerable.Range(0, 10), k => Assert.Equal(6_000, Enumerable.Range(0, train.Count).Count(i => train.Label(i) == k)));
    }
}
