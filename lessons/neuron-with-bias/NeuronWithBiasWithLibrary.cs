using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Lessons.NeuronWithBias;

/// <summary>
/// The same neuron from Backprop's parts: Dense(1) with randn weights and bias, Sigmoid, the squared error
/// (MeanSquaredError on one output is (p − t)², gradient 2(p − t): the document's derror_dprediction), SGD,
/// one random instance per step drawn with randint, and the trainer recording the loss over all instances
/// every 100 steps.
/// </summary>
public static class NeuronWithBiasWithLibrary
{
    /// <summary>Trains with the library and returns the same record as the from-scratch port.</summary>
    public static NeuronWithBiasResult Train(NeuronWithBiasOptions options, StepTrace? trace = null)
    {
        // One generator for the whole run, as numpy.random is: randn ×3 for the parameters, then randint per step.
        var random = new NumPyRandomState(options.Seed);
        var network = new Network<double>(2,
            [new Dense<double>(1, weights: new Initializer.Normal(), biasInit: new Initializer.Normal()), new Sigmoid<double>()], random);
        var dense = (Dense<double>)network.Layers[0];
        double[] initial = [.. dense.Weights.Value.ToArray(), dense.Bias!.Value[0, 0]];
        var data = InMemoryDataset<double>.FromRows(NeuronWithBiasLesson.InputVectors,
            NeuronWithBiasLesson.Targets.Select(t => new[] { t }).ToArray());
        var trainer = new Trainer<double>(network, new MeanSquaredError<double>(), new Sgd<double>(options.LearningRate))
        {
            Batching = new BatchMode.Stochastic(WithReplacement: true),
            Epochs = int.MaxValue,
            MaxSteps = options.Iterations,
            RecordEvery = NeuronWithBiasLesson.RecordEvery,
            Random = random,
        };
        LibraryTrace.Attach(trainer, trace, step => step.Loss);
        var history = trainer.Fit(data);
        // The recorded loss is the mean over the 8 instances; the document sums them. Multiplying by 8 (a power
        // of two) undoes the division exactly.
        double[] cumulative = history.Steps.Select(s => s.Loss * data.Count).ToArray();
        return new NeuronWithBiasResult(options.Seed, options.LearningRate, options.Iterations, initial, cumulative,
            dense.Weights.Value.ToArray(), dense.Bias.Value[0, 0]);
    }
}
