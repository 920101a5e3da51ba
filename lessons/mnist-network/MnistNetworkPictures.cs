using Backprop.Plotting;

namespace Backprop.Lessons.MnistNetwork;

/// <summary>The lesson's picture: the training loss and the test error per epoch.</summary>
public static class MnistNetworkPictures
{
    /// <summary>Writes the picture into <paramref name="folder"/> and returns its path.</summary>
    public static IReadOnlyList<string> Write(MnistNetworkResult result, string folder)
    {
        var pictures = new Pictures(folder);
        double[] epochs = [.. result.Epochs.Select(e => (double)e.Epoch)];
        var chart = new LineChart($"784-128-10 on {result.Data}", "epoch", "cross-entropy") { WholeNumbersX = true };
        chart.Add("training loss (mean over the epoch)", epochs, [.. result.Epochs.Select(e => e.TrainLoss)]);
        chart.Add("test error (after the epoch)", epochs, [.. result.Epochs.Select(e => e.Error)]);
        pictures.Save(chart, "mnist-network-loss");
        return pictures.Paths;
    }
}
