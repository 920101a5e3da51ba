using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Lessons;

/// <summary>The Go series' training loop with the library: full-batch SGD on E = 1/(2n)·Σ(y − t)² until E is small.</summary>
public static class GradientDescentRun
{
    /// <summary>
    /// Trains <paramref name="network"/> on all of <paramref name="data"/> at once, one step per epoch, stopping after the
    /// first epoch whose E (measured before its update) is below <paramref name="targetError"/> or after
    /// <paramref name="maxEpochs"/>. Returns E of every epoch.
    /// </summary>
    public static double[] UntilSmall(Network<double> network, Dataset<double> data, double learningRate, double targetError,
        int maxEpochs, StepTrace? trace)
    {
        var errors = new List<double>();
        var trainer = new Trainer<double>(network, new HalfSumSquares<double>(mean: true), new Sgd<double>(learningRate))
        {
            Epochs = maxEpochs,
            TargetLoss = targetError,
            AfterUpdate = step => errors.Add(step.Loss),
        };
        LibraryTrace.Attach(trainer, trace, step => step.Loss);
        trainer.Fit(data);
        return [.. errors];
    }
}
