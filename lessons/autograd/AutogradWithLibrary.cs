using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Lessons.Xor;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Lessons.Autograd;

/// <summary>
/// The checks on <see cref="Value"/> (the library has no graph of scalars to check them with: it backpropagates layer
/// by layer), and the same MLP built from Backprop's layers: Dense(h) → Tanh → Dense(1) → Identity with Xavier weights
/// and zero biases, <see cref="HalfSumSquares{T}"/> with mean, full-batch <see cref="Sgd{T}"/>.
/// </summary>
public static class AutogradWithLibrary
{
    /// <summary>Runs the checks and trains the MLP.</summary>
    public static AutogradResult Run(AutogradOptions options, StepTrace? trace = null) => AutogradFromScratch.Checks(Train(options, trace));

    /// <summary>Trains the MLP, returning E of every epoch.</summary>
    internal static double[] Train(AutogradOptions options, StepTrace? trace)
    {
        var network = new Network<double>(2, [new Dense<double>(options.Hidden), new Tanh<double>(), new Dense<double>(1), new Identity<double>()],
            new NumPyRandomState(options.Seed));
        var data = InMemoryDataset<double>.FromRows(XorLesson.Inputs, XorLesson.Targets.Select(t => new[] { t }).ToArray());
        var losses = new List<double>();
        var trainer = new Trainer<double>(network, new HalfSumSquares<double>(mean: true), new Sgd<double>(options.LearningRate))
        {
            Epochs = options.Epochs,
            AfterUpdate = step => losses.Add(step.Loss),
        };
        LibraryTrace.Attach(trainer, trace, step => step.Loss);
        trainer.Fit(data);
        return [.. losses];
    }
}
