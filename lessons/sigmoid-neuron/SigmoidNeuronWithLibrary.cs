using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Lessons.SigmoidNeuron;

/// <summary>
/// The same neuron from Backprop's parts: Dense(1, no bias, uniform in [−1, 1)) and Sigmoid, the half sum of
/// squares E = ½Σ(output − target)² (its gradient through the sigmoid is the documents' −error·output(1 − output)),
/// and SGD with learning rate 1, full batch, one epoch per iteration.
/// </summary>
public static class SigmoidNeuronWithLibrary
{
    /// <summary>Trains with the library and returns the same record as the from-scratch port.</summary>
    public static SigmoidNeuronResult Train(SigmoidNeuronOptions options, StepTrace? trace = null)
    {
        var network = new Network<double>(3,
            [new Dense<double>(1, bias: false, weights: new Initializer.Uniform(-1, 1)), new Sigmoid<double>()],
            new NumPyRandomState(options.Seed));
        double[] initial = network.Parameters[0].Value.ToArray();
        double untrained = network.Predict(options.Query)[0];
        var data = InMemoryDataset<double>.FromRows(SigmoidNeuronLesson.TrainingSetInputs,
            SigmoidNeuronLesson.TrainingSetOutputs.Select(t => new[] { t }).ToArray());
        var path = SigmoidNeuronPath.Start(initial, options.Iterations);
        var trainer = new Trainer<double>(network, new HalfSumSquares<double>(), new Sgd<double>(1.0))
        {
            Epochs = options.Iterations,
            AfterUpdate = step => path.Record((int)step.Step, step.Loss, network.Parameters[0].Value.AsSpan()),
        };
        LibraryTrace.Attach(trainer, trace, step => step.Loss);
        trainer.Fit(data);
        return new SigmoidNeuronResult(initial, untrained, network.Parameters[0].Value.ToArray(), network.Predict(options.Query)[0], path);
    }
}
