using Backprop.Runs;
using System.CommandLine;
using System.Globalization;

namespace Backprop.Lessons.MnistNetwork;

/// <summary>
/// ml-framework's example: 784-128 ReLU-10, Xavier weights, zero biases, softmax cross-entropy, Adam 0.001, batches of 1000,
/// 3 epochs. The framework seeds from the clock and walks its batches in order; we seed NumPy's generator (0 by default)
/// and shuffle every epoch, as PyTorch's DataLoader(shuffle=True) would.
/// </summary>
public sealed record MnistNetworkOptions(string Data, int Hidden, double LearningRate, int BatchSize, int Epochs, uint Seed, int? Limit)
{
    /// <summary>The example's settings, on MNIST if it is installed and else Fashion-MNIST.</summary>
    public MnistNetworkOptions() : this("auto", 128, 0.001, 1000, 3, 0, null) { }
}

/// <summary>One epoch: the training loss, then the loss and accuracy on the test set, as the framework's Run prints them.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="TrainLoss">The mean of the epoch's batch losses (each before its update).</param>
/// <param name="Error">The mean cross-entropy over the test set after the epoch.</param>
/// <param name="Accuracy">The percentage of test images whose largest output is their class.</param>
public sealed record MnistEpoch(int Epoch, double TrainLoss, double Error, double Accuracy);

/// <summary>What both versions compute, rounded as printed (6 decimals, accuracy to 2) so that the two agree exactly.</summary>
public sealed record MnistNetworkResult(string Data, int TrainingImages, int TestImages, long Parameters, MnistEpoch[] Epochs);

/// <summary>
/// The last part of the Go series: the framework's MNIST example (ml-framework), a 784-128-10 ReLU network trained with
/// Adam on batches of 1000, printing "Error: … Accuracy: …". In double, so that the plain loops and the library's blocked
/// products agree to all the printed digits.
/// </summary>
public sealed class MnistNetworkLesson : Lesson<MnistNetworkOptions>
{
    /// <inheritdoc />
    public override string Name => "mnist-network";

    /// <inheritdoc />
    public override string Summary => "ml-framework's example: 784-128-10 ReLU, Adam 0.001, batches of 1000, 3 epochs on MNIST or Fashion-MNIST.";

    /// <summary>The tour's short version: three epochs on the first 5,000 training images (its chart then has a curve to show).</summary>
    protected override MnistNetworkOptions TourOptions => new MnistNetworkOptions() with { Epochs = 3, Limit = 5_000 };

    /// <inheritdoc />
    protected override Func<ParseResult, MnistNetworkOptions> AddOptions(Command command)
    {
        var d = new MnistNetworkOptions();
        var data = command.AddOption("--data", "mnist, fashion-mnist, or auto (MNIST if installed, else Fashion-MNIST)", d.Data);
        var epochs = command.AddOption("--epochs", "Passes over the training images", d.Epochs);
        var limit = command.AddOption<int?>("--limit", "Train on the first N training images only (a quick run)", null);
        var seed = command.AddOption("--seed", "NumPy-compatible seed for the weights and the shuffles", d.Seed);
        return p => d with { Data = p.GetValue(data)!, Epochs = p.GetValue(epochs), Limit = p.GetValue(limit), Seed = p.GetValue(seed) };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(MnistNetworkOptions options, LessonSettings settings)
    {
        OptionChecks.AtLeastOne("--epochs", options.Epochs);
        OptionChecks.AtLeastOne("--limit", options.Limit);
        LessonMemory.CheckEpochs("--epochs", options.Epochs);
        string[] names = options.Data switch
        {
            "auto" => ["mnist", "fashion-mnist"],
            "mnist" or "fashion-mnist" => [options.Data],
            _ => throw new BackpropException($"--data must be mnist, fashion-mnist or auto, got '{options.Data}'."),
        };
        var (name, train, test) = LessonData.Images(Name, names);
        if (options.Limit is int limit && limit < train.Count) train = (Data.IdxImageDataset<double>)train.Subset([.. Enumerable.Range(0, limit)]);
        if (settings.Trace) settings.TraceOutput.WriteLine("(--trace: this lesson prints every epoch anyway; a step has 101,770 weights)");
        var result = settings.FromScratch ? MnistNetworkFromScratch.Train(options, name, train, test) : MnistNetworkWithLibrary.Train(options, name, train, test);
        Show(settings, result, (r, output) => Print(r, options, output));
        return settings.PlotsFolder is null ? [] : MnistNetworkPictures.Write(result, settings.PlotsFolder);
    }

    /// <summary>Rounds a result to what is printed.</summary>
    public static MnistEpoch Printed(int epoch, double trainLoss, double error, double accuracy) =>
        new(epoch, Math.Round(trainLoss, 6), Math.Round(error, 6), Math.Round(accuracy, 2));

    /// <summary>Prints the network, then "Error: … Accuracy: …" per epoch.</summary>
    public static void Print(MnistNetworkResult r, MnistNetworkOptions options, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"784-{options.Hidden}-10 (ReLU, softmax), Xavier weights, zero biases, softmax cross-entropy, Adam {PythonFormat.Repr(options.LearningRate)}, " +
                         $"batches of {options.BatchSize} shuffled every epoch, seed {options.Seed}, in double: {r.Parameters.ToString("N0", c)} parameters");
        output.WriteLine($"{r.Data}: {r.TrainingImages.ToString("N0", c)} training images, {r.TestImages.ToString("N0", c)} test images");
        var example = new MnistNetworkOptions();
        if (options.Epochs != example.Epochs || r.TrainingImages < 60_000)
            output.WriteLine($"(a short run: the example is {example.Epochs} epochs on every training image; 'backprop lesson mnist-network' runs it)");
        foreach (var e in r.Epochs)
            output.WriteLine(string.Format(c, "Epoch {0}: training loss {1:F6}; test Error: {2:F6} Accuracy: {3:F2}", e.Epoch, e.TrainLoss, e.Error, e.Accuracy));
    }
}
