using Backprop.Data;
using Backprop.Layers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Lessons.LinearNeuron;

/// <summary>
/// The same network from Backprop's parts: Dense(1, no bias) and Identity, the error
/// E = 1/(2n)·Σ(y − t)² (HalfSumSquares with mean), full-batch SGD, and the trainer's target loss to stop.
/// </summary>
public static class LinearNeuronWithLibrary
{
    /// <summary>Runs the worked example and trains with the library.</summary>
    public static LinearNeuronResult Train(LinearNeuronOptions options, StepTrace? trace = null)
    {
        var example = WorkedExample();
        var network = Build(options.Seed is uint s ? new Initializer.Uniform(0, 1) : new Initializer.Constant(1.0), options.Seed ?? 0);
        double[] initial = network.Parameters[0].Value.ToArray();
        var data = InMemoryDataset<double>.FromRows(LinearNeuronLesson.Inputs, LinearNeuronLesson.Targets.Select(t => new[] { t }).ToArray());
        double[] errors = GradientDescentRun.UntilSmall(network, data, options.LearningRate, options.TargetError, options.MaxIterations, trace);
        double[] predictions = network.Predict(data.Inputs).ToArray();
        return new LinearNeuronResult(example, initial, errors, errors.Length, network.Parameters[0].Value.ToArray(), predictions);
    }

    /// <summary>The theory section's example, computed by a network whose two weights are 1.0 and then 0.5 and 1.0.</summary>
    private static WorkedExample WorkedExample()
    {
        double[] x = [0.2, 0.4];
        double target = 0.5, lowered = 0.5;
        double y = Build(new Initializer.Constant(1.0), 0).Predict(x)[0];
        double yLowered = Build(new Initializer.Values([lowered, 1.0]), 0).Predict(x)[0];
        return new WorkedExample(x, y, target, y - target, lowered, yLowered);
    }

    private static Network<double> Build(Initializer weights, uint seed) =>
        new(2, [new Dense<double>(1, bias: false, weights: weights), new Identity<double>()], new NumPyRandomState(seed));
}
