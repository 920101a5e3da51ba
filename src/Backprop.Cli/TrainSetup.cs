using System.Numerics;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>
/// The network, loss, optimizer and trainer that <see cref="TrainSettings"/> ask for, built in one place so that
/// <c>backprop train</c> and the playground page start the same run from the same settings and seed.
/// </summary>
internal sealed class TrainSetup<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public required NetworkRecipe Recipe { get; init; }
    public required Network<T> Network { get; init; }
    public required Trainer<T> Trainer { get; init; }

    /// <summary>The loss's registry name.</summary>
    public string Loss => Recipe.Loss;

    /// <summary>Builds the run for <paramref name="data"/>: the seed draws the weights first, then shuffles the batches.</summary>
    public static TrainSetup<T> Create(TrainSettings s, PreparedData<T> data, ComputeContext? compute)
    {
        var random = new NumPyRandomState(s.Seed);
        string loss = s.Loss ?? NetworkRecipe.DefaultLoss(data.Train.TargetSize, data.Classification);
        var recipe = new NetworkRecipe(s.Layers, s.Activation, loss, s.Init);
        var network = recipe.Build<T>(data.Train.InputSize, data.Train.TargetSize, random);
        var optimizer = OptimizerFactory.Create<T>(s.Optimizer, new OptimizerSettings(s.EffectiveLearningRate, s.Momentum, s.WeightDecay, s.L1));
        var trainer = new Trainer<T>(network, Losses.Loss.Create<T>(loss), optimizer)
        {
            Batching = s.Batching, Epochs = s.Epochs, TargetLoss = s.TargetLoss, Random = random, Compute = compute,
        };
        return new TrainSetup<T> { Recipe = recipe, Network = network, Trainer = trainer };
    }
}
