using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Playground;

/// <summary>
/// One Dense layer and its activation in one step, in the lessons' notation: the units it reads are indexed by
/// <paramref name="From"/> (i for the inputs, then j, k, …) and its own by <paramref name="To"/>.
/// x_b = Σ_a w_ab·y_a (+ b_b), y_b = f(x_b), δ_b = ∂E/∂x_b, ∂E/∂w_ab = δ_b·y_a; the update is the optimizer's.
/// Weights are [a][b]: from unit a to unit b.
/// </summary>
public sealed record ExplainedLayer(string From, string To, string Activation, double[] Inputs, double[] Sums, double[] Outputs,
    double[] Deltas, double[][] Weights, double[][] Gradients, double[][] After, double[]? Bias, double[]? BiasGradients, double[]? BiasAfter);

/// <summary>
/// One training step on one sample, every number shown: the forward values, the deltas, each weight's gradient and
/// its update. <see cref="Document"/> holds a document's rounded values when the step is a lesson's; <see cref="TargetClass"/>
/// names the target's class when the data's are classes.
/// </summary>
public sealed record StepExplanation(string Title, string[] InputNames, double[] Input, double[] Target, double[] Output, string Loss,
    double Error, string Optimizer, double LearningRate, ExplainedLayer[] Layers, IReadOnlyDictionary<string, double>? Document = null,
    string? TargetClass = null)
{
    private static readonly string[] Letters = ["i", "j", "k", "l", "m", "n", "o", "p", "q", "r"];

    /// <summary>
    /// Takes one library step (<see cref="Trainer{T}.Step()"/>: forward, the loss, backward, <paramref name="optimizer"/>'s
    /// update) on a copy of <paramref name="network"/> with a batch of the one sample, and shows what it computed (its
    /// <see cref="Trainer{T}.LastStep"/>, read before and after the update). <paramref name="network"/> keeps its weights.
    /// </summary>
    public static StepExplanation Explain<T>(string title, Network<T> network, ILoss<T> loss, Optimizer<T> optimizer,
        double[] input, double[] target, string[] inputNames) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var copy = Copy(network);
        var trainer = new Trainer<T>(copy, loss, optimizer);   // a full batch: the one sample
        trainer.Start(InMemoryDataset<T>.FromRows([input], [target]));
        var layers = new List<ExplainedLayer>();
        var dense = new List<Dense<T>>();
        trainer.BeforeUpdate = step => ReadLayers(step, layers, dense);
        double error = trainer.Step();
        // After the update: the optimizer's new weights beside the ones the step began with.
        for (int i = 0; i < layers.Count; i++)
            layers[i] = layers[i] with { After = Grid(dense[i].Weights.Value), BiasAfter = dense[i].Bias is { } b ? Row(b.Value) : null };
        return new StepExplanation(title, inputNames, input, target, Row(trainer.LastStep.Output), loss.Name, error, optimizer.Name,
            optimizer.LearningRate, [.. layers]);
    }

    /// <summary>Each Dense layer (with the activation after it) as the step left it before the update: values, δ, weights and ∂E/∂w.</summary>
    private static void ReadLayers<T>(StepContext<T> step, List<ExplainedLayer> layers, List<Dense<T>> dense) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var all = step.Network.Layers;
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i] is not Dense<T> d) continue;
            var activation = i + 1 < all.Count && all[i + 1] is not Dense<T> ? all[i + 1] : null;
            int level = layers.Count;
            layers.Add(new ExplainedLayer(Letters[Math.Min(level, Letters.Length - 1)], Letters[Math.Min(level + 1, Letters.Length - 1)],
                activation?.Name ?? "Identity", Row(step.LayerInput(i)), Row(d.Output!), Row((activation ?? d).Output!), Row(step.LayerOutputGradient(i)!),
                Grid(d.Weights.Value), Grid(d.Weights.Gradient), [], d.Bias is { } b ? Row(b.Value) : null, d.Bias is { } bg ? Row(bg.Gradient) : null, null));
            dense.Add(d);
        }
    }

    /// <summary>A network of the same layers with copies of <paramref name="network"/>'s weights.</summary>
    private static Network<T> Copy<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layers = network.Layers.Select(l => LayerConfigs.Create<T>(l.Config));
        var copy = network.InputShape is { } shape ? new Network<T>(shape, layers) : new Network<T>(network.InputSize, layers);
        for (int i = 0; i < copy.Parameters.Count; i++) network.Parameters[i].Value.CopyTo(copy.Parameters[i].Value);
        return copy;
    }

    private static double[] Row<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. m.Row(0).ToArray().Select(v => double.CreateChecked(v))];

    private static double[][] Grid<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. m.ToRows().Select(r => r.Select(v => double.CreateChecked(v)).ToArray())];
}
