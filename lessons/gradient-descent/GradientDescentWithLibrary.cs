using Backprop.Data;
using Backprop.Layers;
using Backprop.Lessons.Xor;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Lessons.GradientDescent;

/// <summary>
/// The same with Backprop's parts: Dense(2, LeCun normal weights and biases) → Sigmoid → Dense(1, LeCun) → Identity,
/// <see cref="HalfSumSquares{T}"/> with mean, <see cref="BatchMode.MiniBatch"/> of 4, 2 or 1 (shuffled every epoch), and
/// <see cref="Sgd{T}"/>, <see cref="Momentum{T}"/> or <see cref="Adam{T}"/>. Part 3 stops on E measured over all four
/// examples after each epoch, so the trainer runs one epoch at a time (<see cref="Trainer{T}.RunEpoch"/>) and
/// <see cref="Trainer{T}.Evaluate"/> measures E.
/// </summary>
public static class GradientDescentWithLibrary
{
    /// <summary>Trains one configuration from the seeded start until E ≤ the target or the epoch limit.</summary>
    public static RunOutcome Train(GradientDescentOptions options, RunSpec spec, OptimizerTrace? trace)
    {
        // One generator draws the weights and then shuffles, as part 3's program uses Go's one global generator.
        var random = new NumPyRandomState(options.Seed);
        var network = new Network<double>(2,
            [new Dense<double>(2, weights: new Initializer.LeCun(), biasInit: new Initializer.LeCun()), new Sigmoid<double>(),
             new Dense<double>(1, weights: new Initializer.LeCun(), biasInit: new Initializer.LeCun()), new Identity<double>()],
            random);
        var data = InMemoryDataset<double>.FromRows(XorLesson.Inputs, XorLesson.Targets.Select(t => new[] { t }).ToArray());
        var optimizer = OptimizerFactory.Create<double>(spec.Optimizer, spec.LearningRate, options.Momentum);
        var loss = new HalfSumSquares<double>(mean: true);

        var errors = new List<double>();
        double[] before = [], gradient = [], firstBefore = [], firstGradient = [], firstAfter = [];
        var trainer = new Trainer<double>(network, loss, optimizer)
        {
            Batching = new BatchMode.MiniBatch(spec.BatchSize),
            Random = random,
            BeforeUpdate = step =>
            {
                if (step.Step > 1 && trace?.Wants(step.Step) != true) return;
                before = Flatten(network.Parameters.Select(p => p.Value.ToArray()));
                gradient = Flatten(network.Parameters.Select(p => p.Gradient.ToArray()));
            },
            AfterUpdate = step =>
            {
                if (step.Step > 1 && trace?.Wants(step.Step) != true) return;
                double[] after = Flatten(network.Parameters.Select(p => p.Value.ToArray()));
                if (step.Step == 1) (firstBefore, firstGradient, firstAfter) = (before, gradient, after);
                trace?.Write(new OptimizerStep(step.Step, step.Loss, gradient, State(optimizer, network.Parameters.Count), before, after));
            },
        };
        trainer.Start(data);
        while (errors.Count < options.MaxEpochs)
        {
            trainer.RunEpoch();
            errors.Add(trainer.Evaluate(data).Loss);   // E over all four examples, after the epoch's updates
            if (errors[^1] <= options.TargetError) break;
        }
        return new RunOutcome([.. errors], network.Predict(data.Inputs).ToArray(), firstBefore, firstGradient, firstAfter);
    }

    /// <summary>
    /// The optimizer's buffers (<see cref="Optimizer{T}.GetState"/>) by name, flattened over the parameters: momentum's
    /// velocity with part 3's sign (the library keeps v = μv − ηg and adds it), Adam's m and v with their bias corrections.
    /// </summary>
    private static (string, double[])[] State(Optimizer<double> optimizer, int parameters)
    {
        var (t, buffers) = optimizer.GetState();
        double[] Buffer(int s) => Flatten(Enumerable.Range(0, parameters).Select(p => buffers[p * (buffers.Length / parameters) + s]));
        return optimizer switch
        {
            Momentum<double> => [("v", [.. Buffer(0).Select(v => -v)])],
            Adam<double> => [("m", Buffer(0)), ("v", Buffer(1)),
                ("m_hat", [.. Buffer(0).Select(m => m / (1 - Math.Pow(0.9, t)))]), ("v_hat", [.. Buffer(1).Select(v => v / (1 - Math.Pow(0.999, t)))])],
            _ => [],
        };
    }

    private static double[] Flatten(IEnumerable<double[]> parts) => [.. parts.SelectMany(p => p)];
}
