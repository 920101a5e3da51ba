using System.Numerics;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli.Playground;

/// <summary>
/// One Dense layer and its activation in one step, in the lessons' notation: the units it reads are indexed by
/// <paramref name="From"/> (i for the inputs, then j, k, …) and its own by <paramref name="To"/>.
/// x_b = Σ_a w_ab·y_a (+ b_b), y_b = f(x_b), δ_b = ∂E/∂x_b, ∂E/∂w_ab = δ_b·y_a; the update is the optimizer's.
/// Weights are [a][b]: from unit a to unit b.
/// </summary>
internal sealed record ExplainedLayer(string From, string To, string Activation, double[] Inputs, double[] Sums, double[] Outputs,
    double[] Deltas, double[][] Weights, double[][] Gradients, double[][] After, double[]? Bias, double[]? BiasGradients, double[]? BiasAfter);

/// <summary>
/// One training step on one sample, every number shown: the forward values, the deltas, each weight's gradient and
/// its update. <see cref="Document"/> holds a document's rounded values when the step is a lesson's.
/// </summary>
internal sealed record StepExplanation(string Title, string[] InputNames, double[] Input, double[] Target, double[] Output, string Loss,
    double Error, string Optimizer, double LearningRate, ExplainedLayer[] Layers, IReadOnlyDictionary<string, double>? Document = null)
{
    private static readonly string[] Letters = ["i", "j", "k", "l", "m", "n", "o", "p", "q", "r"];

    /// <summary>
    /// Runs <paramref name="input"/> through <paramref name="network"/> (Forward, the loss, Backward: the library's own
    /// step, reading what each layer kept) and applies <paramref name="optimizer"/> to copies of the parameters, so the
    /// network keeps its weights. The layers' buffers are used, so call it between training steps.
    /// </summary>
    public static StepExplanation Explain<T>(string title, Network<T> network, ILoss<T> loss, Optimizer<T> optimizer,
        double[] input, double[] target, string[] inputNames) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Matrix<T>.FromDoubles([input]);
        var output = network.Forward(x);
        var gradient = new Matrix<T>(1, network.OutputSize);
        double error = double.CreateChecked(loss.Compute(output, Matrix<T>.FromDoubles([target]), gradient));
        network.Backward(gradient, loss.GradientIsForLogits);
        var after = UpdatedCopies(network, optimizer);

        var layers = new List<ExplainedLayer>();
        var all = network.Layers;
        Matrix<T> previous = x;
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i] is not Dense<T> dense) continue;
            bool hasActivation = i + 1 < all.Count && all[i + 1] is not Dense<T>;
            var activation = hasActivation ? all[i + 1] : null;
            bool last = i + (hasActivation ? 1 : 0) == all.Count - 1;
            // δ = ∂E/∂x: what the activation passed back, or the loss's own gradient when it is taken for the logits.
            var delta = last && (activation is null || loss.GradientIsForLogits) ? gradient : (activation ?? all[i + 1]).InputGradient!;
            int level = layers.Count;
            layers.Add(new ExplainedLayer(Letters[Math.Min(level, Letters.Length - 1)], Letters[Math.Min(level + 1, Letters.Length - 1)],
                activation?.Name ?? "Identity", Row(previous), Row(dense.Output!), Row(activation?.Output ?? dense.Output!), Row(delta),
                Grid(dense.Weights.Value), Grid(dense.Weights.Gradient), Grid(after[dense.Weights]),
                dense.Bias is { } b ? Row(b.Value) : null, dense.Bias is { } bg ? Row(bg.Gradient) : null, dense.Bias is { } ba ? Row(after[ba]) : null));
            previous = activation?.Output ?? dense.Output!;
        }
        return new StepExplanation(title, inputNames, input, target, Row(output), loss.Name, error, optimizer.Name, optimizer.LearningRate, [.. layers]);
    }

    /// <summary>Each parameter's values after <paramref name="optimizer"/>'s step, taken on copies.</summary>
    private static Dictionary<Parameter<T>, Matrix<T>> UpdatedCopies<T>(Network<T> network, Optimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var copies = network.Parameters.ToDictionary(p => p, p =>
        {
            var copy = new Parameter<T>(p.Name, p.Value.Rows, p.Value.Columns);
            p.Value.CopyTo(copy.Value);
            p.Gradient.CopyTo(copy.Gradient);
            return copy;
        });
        optimizer.Step([.. copies.Values]);
        return copies.ToDictionary(c => c.Key, c => c.Value.Value);
    }

    private static double[] Row<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. m.Row(0).ToArray().Select(v => double.CreateChecked(v))];

    private static double[][] Grid<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. m.ToRows().Select(r => r.Select(v => double.CreateChecked(v)).ToArray())];
}
