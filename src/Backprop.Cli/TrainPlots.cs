using System.Numerics;
using Backprop.Data;
using Backprop.Plotting;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>The pictures of a training run: loss and accuracy curves, and decision regions for 2-D data.</summary>
internal static class TrainPlots
{
    public static IEnumerable<string> Write<T>(string folder, TrainingHistory history, Network<T> network, PreparedData<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var files = new List<string>();
        double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        string heldOut = data.Validation is null ? "test" : "validation";

        var loss = new LineChart($"Loss on {data.Source}", "epoch", "loss") { WholeNumbersX = true }.Add("training", epochs, history.Epochs.Select(e => e.TrainLoss).ToArray());
        if (history.Epochs.All(e => e.ValidationLoss is not null))
            loss.Add(heldOut, epochs, history.Epochs.Select(e => e.ValidationLoss!.Value).ToArray());
        files.Add(Save(loss, folder, "loss.svg"));

        if (history.Epochs.All(e => e.TrainAccuracy is not null))
        {
            var accuracy = new LineChart($"Accuracy on {data.Source}", "epoch", "accuracy") { WholeNumbersX = true }
                .Add("training", epochs, history.Epochs.Select(e => e.TrainAccuracy!.Value).ToArray());
            if (history.Epochs.All(e => e.ValidationAccuracy is not null))
                accuracy.Add(heldOut, epochs, history.Epochs.Select(e => e.ValidationAccuracy!.Value).ToArray());
            files.Add(Save(accuracy, folder, "accuracy.svg"));
        }

        if (data.Classification && data.Train.InputSize == 2 && data.Normalizer is null)
            files.Add(Save(Regions(network, data.Train, data.LabelNames, $"Decision regions on {data.Source}"), folder, "regions.svg"));
        return files;
    }

    /// <summary>The training points coloured by class over the regions where the network answers each class.</summary>
    public static ScatterChart Regions<T>(Network<T> network, Dataset<T> train, IReadOnlyList<string>? labels, string title)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (x, y) = train.ToMatrices();
        var chart = new ScatterChart(title, "x₁", "x₂");
        if (labels is not null) chart.ClassNames = labels.ToArray();
        var classes = new int[y.Rows];
        for (int r = 0; r < y.Rows; r++)
            classes[r] = y.Columns == 1 ? (double.CreateChecked(y[r, 0]) >= 0.5 ? 1 : 0) : Elementwise.ArgMax<T>(y.Row(r));
        chart.AddPoints(Column(x, 0), Column(x, 1), classes);
        var input = new T[2];
        if (network.OutputSize == 1)
            chart.ShadeProbability((a, b) => double.CreateChecked(Predict(network, input, a, b)[0]));
        else
            chart.ShadeClasses((a, b) => Elementwise.ArgMax<T>(Predict(network, input, a, b)));
        return chart;
    }

    private static T[] Predict<T>(Network<T> network, T[] input, double a, double b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        input[0] = T.CreateChecked(a);
        input[1] = T.CreateChecked(b);
        return network.Predict(input);
    }

    private static double[] Column<T>(Matrix<T> m, int c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, m.Rows).Select(r => double.CreateChecked(m[r, c])).ToArray();

    private static string Save(Chart chart, string folder, string name)
    {
        string path = Path.Combine(folder, name);
        chart.Save(path);
        return path;
    }
}
