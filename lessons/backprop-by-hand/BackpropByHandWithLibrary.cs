using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Playground;
using Backprop.Training;

namespace Backprop.Lessons.BackpropByHand;

/// <summary>
/// The same step with Backprop's parts: Dense(2) → Sigmoid → Dense(1) → Identity, no bias, every weight 0.5,
/// E = ½(y − t)², SGD with η = 0.01, one epoch. Every quantity is read from the layers in the trainer's
/// callbacks: their outputs, the gradients they passed back, and their parameters' gradients and values.
/// </summary>
public static class BackpropByHandWithLibrary
{
    /// <summary>The document's network: Dense(2) → Sigmoid → Dense(1) → Identity, no bias, every weight the starting weight.</summary>
    public static Network<double> Network(BackpropByHandOptions options)
    {
        var w = new Initializer.Constant(options.StartingWeight);
        return new Network<double>(2, [new Dense<double>(2, bias: false, weights: w), new Sigmoid<double>(),
            new Dense<double>(1, bias: false, weights: w), new Identity<double>()]);
    }

    /// <summary>
    /// The one step explained as the playground's backprop view explains any step (<see cref="StepExplanation.Explain"/>:
    /// the library's step on a copy of <see cref="Network"/>), with the document's rounded values beside the computed ones.
    /// The page's 2-2-1 example and the lesson's pictures are this.
    /// </summary>
    public static StepExplanation Explain(BackpropByHandOptions options)
    {
        var step = StepExplanation.Explain("backprop-by-hand: the 2-2-1 network worked by hand", Network(options), new HalfSumSquares<double>(),
            new Sgd<double>(options.LearningRate), options.Input, [options.Target], ["x₁", "x₂"]);
        var d = DocumentRoundedValues.Document;
        return step with
        {
            Document = new Dictionary<string, double>
            {
                ["y_j"] = d.Yj, ["y_k"] = d.Yk, ["delta_k"] = d.DeltaK, ["dE/dw_jk"] = d.GradWJk, ["delta_j"] = d.DeltaJ,
                ["dE/dw_ij"] = d.GradWIj, ["w_ij after"] = d.UpdatedWIj, ["w_jk after"] = d.UpdatedWJk,
            },
        };
    }

    /// <summary>Writes the step as pictures, one per stage (<see cref="StepPicture.Stages"/>), into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Pictures(BackpropByHandOptions options, string folder)
    {
        var step = Explain(options);
        var pictures = new Pictures(folder);
        for (int stage = 0; stage < StepPicture.Stages.Count; stage++)
            pictures.Save(StepPicture.Draw(step, stage), $"backprop-by-hand-{stage + 1}-{StageFile(StepPicture.Stages[stage])}");
        return pictures.Paths;
    }

    /// <summary>A stage's name as a file name: "output δ" → "output-delta".</summary>
    private static string StageFile(string stage) => stage.Replace("δ", "delta").Replace(' ', '-');

    /// <summary>Takes the one step and returns every quantity.</summary>
    public static BackpropByHandResult Step(BackpropByHandOptions options, StepTrace? trace = null)
    {
        var network = Network(options);
        var (hidden, sigmoid, output) = ((Dense<double>)network.Layers[0], network.Layers[1], (Dense<double>)network.Layers[2]);
        var data = InMemoryDataset<double>.FromRows([options.Input], [[options.Target]]);

        double[] xJ = [], yJ = [], yK = [], deltaK = [], gradWJK = [], deltaJ = [], gradWIJ = [], updatedWIJ = [], updatedWJK = [];
        var trainer = new Trainer<double>(network, new HalfSumSquares<double>(), new Sgd<double>(options.LearningRate))
        {
            Epochs = 1,
            BeforeUpdate = step =>
            {
                xJ = hidden.Output!.ToArray();                  // x_j: what the hidden units receive
                yJ = sigmoid.Output!.ToArray();                 // y_j = σ(x_j)
                yK = step.Output.ToArray();                     // y_k
                deltaK = step.OutputGradient.ToArray();         // δ_k = ∂E/∂y_k = y_k − t
                gradWJK = output.Weights.Gradient.ToArray();    // ∂E/∂w_jk = δ_k·y_j
                deltaJ = sigmoid.InputGradient!.ToArray();      // δ_j = σ'(x_j)·w_jk·δ_k, what the sigmoid passed back
                gradWIJ = hidden.Weights.Gradient.ToArray();    // ∂E/∂w_ij = δ_j·x_i
            },
            AfterUpdate = _ =>
            {
                updatedWIJ = hidden.Weights.Value.ToArray();
                updatedWJK = output.Weights.Value.ToArray();
            },
        };
        LibraryTrace.Attach(trainer, trace, step => step.Loss);
        trainer.Fit(data);
        double after = network.Predict(options.Input)[0];
        return new BackpropByHandResult(BackpropByHandResult.NetworkText, options.Input, options.Target, options.LearningRate,
            BackpropByHandResult.LossText, xJ, yJ, yK, deltaK, gradWJK, deltaJ, gradWIJ, updatedWIJ, updatedWJK, [after],
            DocumentRoundedValues.Document);
    }
}
