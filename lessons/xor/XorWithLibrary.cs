using Backprop.Data;
using Backprop.Layers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Lessons.Xor;

/// <summary>
/// The same network from Backprop's parts: Dense(h) → Sigmoid (or --activation's layer) → Dense(1) → Identity with Xavier weights and
/// zero biases, E = 1/(2n)·Σ(y − t)² (HalfSumSquares with mean), full-batch SGD, and the trainer's target loss.
/// </summary>
public static class XorWithLibrary
{
    /// <summary>Trains on the four XOR examples until E is small, and returns the answers.</summary>
    public static XorResult Train(XorOptions options, StepTrace? trace = null)
    {
        var network = new Network<double>(2,
            [new Dense<double>(options.Hidden), Activations.Create<double>(options.Activation), new Dense<double>(1), new Identity<double>()],
            new NumPyRandomState(options.Seed));
        var data = InMemoryDataset<double>.FromRows(XorLesson.Inputs, XorLesson.Targets.Select(t => new[] { t }).ToArray());
        double[] errors = GradientDescentRun.UntilSmall(network, data, options.LearningRate, options.TargetError, options.MaxEpochs, trace);
        double Predict(double x1, double x2) => network.Predict([x1, x2])[0];
        double[] outputs = network.Predict(data.Inputs).ToArray();
        return new XorResult(options.Hidden, outputs, errors.Length, errors[^1], errors, Predict);
    }
}
