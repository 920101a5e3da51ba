using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Lessons.MnistNetwork;

/// <summary>
/// The example with Backprop's parts, as the framework builds it from its modules: Dense(128) (Xavier, zero bias) → ReLU →
/// Dense(10) → Softmax, <see cref="SoftmaxCrossEntropy{T}"/>, <see cref="Adam{T}"/>, mini-batches, and the test set as
/// validation data after every epoch.
/// </summary>
public static class MnistNetworkWithLibrary
{
    /// <summary>Trains and returns each epoch's numbers.</summary>
    public static MnistNetworkResult Train(MnistNetworkOptions options, string name, Dataset<double> train, Dataset<double> test)
    {
        var random = new NumPyRandomState(options.Seed);   // draws the weights, then shuffles
        var network = new Network<double>(train.InputSize,
            [new Dense<double>(options.Hidden), new ReLU<double>(), new Dense<double>(10), new Softmax<double>()], random);
        var trainer = new Trainer<double>(network, new SoftmaxCrossEntropy<double>(), new Adam<double>(options.LearningRate))
        {
            Batching = new BatchMode.MiniBatch(options.BatchSize),
            Epochs = options.Epochs,
            Random = random,
            EvaluationBatchSize = 1000,
        };
        var history = trainer.Fit(train, test);
        var epochs = history.Epochs.Select(e => MnistNetworkLesson.Printed(e.Epoch, e.TrainLoss, e.ValidationLoss!.Value, 100 * e.ValidationAccuracy!.Value));
        return new MnistNetworkResult(name, train.Count, test.Count, network.ParameterCount, [.. epochs]);
    }
}
