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

    /// <summary>A step whose loss exceeds this many times the untrained network's is taken as divergence (Adam can go on with finite losses of 1e27).</summary>
    public const double DivergenceFactor = 1000;

    /// <summary>
    /// Builds the run for <paramref name="data"/>: the seed draws the weights first, then shuffles the batches. A network
    /// too big for the memory there is is refused here, before any of it is made.
    /// </summary>
    public static TrainSetup<T> Create(TrainSettings s, TrainPlan plan, PreparedData<T> data, ComputeContext? compute, CancellationToken cancel = default)
    {
        var random = new NumPyRandomState(s.Seed);
        if (s.InputShape is { } given && data.ImageShape is { } images && given != images)
            throw new BackpropException($"--input-shape {given}: the images of {data.Source} are {images}, and their shape is read from the files; " +
                                        $"leave out --input-shape (or give {images}).");
        var recipe = new NetworkRecipe(s.Layers, s.Activation, data.Loss, s.Init) { InputShape = s.InputShape ?? data.ImageShape };
        // A batch larger than the data is the whole data (as PyTorch's DataLoader takes it): that is what is sized.
        MemoryEstimate.Check<T>(recipe, data.Train.InputSize, data.Train.TargetSize, s.Batching.MaxRows(data.Train.Count), s.Optimizer,
            fix: s.Batching is BatchMode.MiniBatch { Size: > 256 } ? "use smaller layers (--layers) or a smaller --batch-size" : "use smaller layers (--layers)");
        var network = recipe.Build<T>(data.Train.InputSize, data.Train.TargetSize, random);
        var optimizer = OptimizerFactory.Create<T>(s.Optimizer, new OptimizerSettings(s.EffectiveLearningRate, s.Momentum, s.WeightDecay, s.L1));
        var trainer = new Trainer<T>(network, Losses.Loss.Create<T>(data.Loss), optimizer)
        {
            Batching = s.Batching, Epochs = plan.Epochs, TargetLoss = s.TargetLoss, Random = random, Compute = compute,
            Cancellation = cancel, DivergenceFactor = DivergenceFactor,
        };
        return new TrainSetup<T> { Recipe = recipe, Network = network, Trainer = trainer };
    }
}
