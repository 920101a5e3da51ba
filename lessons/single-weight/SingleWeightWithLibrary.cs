using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Lessons.SingleWeight;

/// <summary>
/// The same network built from Backprop's parts: one Dense unit without bias, the half squared error
/// E = ½δ² (whose gradient is δ = pred − goal, so Dense's ∂E/∂w = input·δ is the document's derivative)
/// and plain SGD with the document's alpha.
/// </summary>
public static class SingleWeightWithLibrary
{
    /// <summary>Trains with the library and returns the same record as the from-scratch port.</summary>
    public static SingleWeightResult Train(SingleWeightOptions options, StepTrace? trace = null)
    {
        var network = new Network<double>(1, new Dense<double>(1, bias: false, weights: new Initializer.Constant(SingleWeightLesson.StartingWeight)));
        var data = InMemoryDataset<double>.FromRows([[options.Input]], [[options.Goal]]);
        var errors = new List<double>(options.Epochs);
        var weights = new List<double>(options.Epochs + 1) { SingleWeightLesson.StartingWeight };
        var trainer = new Trainer<double>(network, new HalfSumSquares<double>(), new Sgd<double>(options.Alpha))
        {
            Epochs = options.Epochs,
            // The document prints δ², which is exactly 2·E for E = ½δ² (doubling is exact in floating point).
            AfterUpdate = step =>
            {
                errors.Add(2 * step.Loss);
                weights.Add(network.Parameters[0].Value[0, 0]);
            },
        };
        LibraryTrace.Attach(trainer, trace, step => 2 * step.Loss);
        trainer.Fit(data);
        double weight = network.Parameters[0].Value[0, 0];
        return new SingleWeightResult([.. errors], weight, network.Predict([options.Input])[0], [.. weights]);
    }
}
