using System.CommandLine;
using System.Globalization;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>
/// <c>backprop gradcheck</c>: builds a network as <c>train</c> does and compares every backpropagated gradient with
/// central finite differences (<see cref="GradientCheck"/>), printing one row per parameter and layer input.
/// Exit 0 when all agree within the tolerance, 2 otherwise, naming the layer at fault.
/// </summary>
internal static class GradCheckCommand
{
    private static readonly Option<LayerSpec[]> Layers = TrainOptions.Single<LayerSpec[]>("layers", "Hidden layers as for train: sizes such as 8,8, or conv4x3, maxpool2, flatten with --input-shape (none for no hidden layer)", defaultValue: () => [8, 8]);
    private static readonly Option<Backprop.Layers.ImageShape?> InputShape = TrainOptions.Single<Backprop.Layers.ImageShape?>("input-shape", "The random inputs as images, HxWxC such as 6x6x2, for convolution and pooling layers (sets the input width)");
    private static readonly Option<string> Activation = TrainOptions.Single<string>("activation", $"Hidden activation: {Backprop.Layers.Activations.All.List()}", defaultValue: () => "tanh");
    private static readonly Option<string?> Init = TrainOptions.Single<string?>("init");
    private static readonly Option<string?> Loss = TrainOptions.Single<string?>("loss", $"{Losses.Loss.All.List()} (default: softmax-crossentropy for random inputs, binary-crossentropy with --outputs 1, else from the data)");
    private static readonly Option<string> Data = CommonOptions.Data("Check on the first --samples rows of this data (a name or file, as for train); default: seeded random inputs", required: false);
    private static readonly Option<int> Samples = new("--samples") { Description = "Rows in the checked batch.", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> Inputs = new("--inputs") { Description = "Input width of the random inputs.", DefaultValueFactory = _ => 4 };
    private static readonly Option<int> Outputs = new("--outputs") { Description = "Output width (classes) of the random targets.", DefaultValueFactory = _ => 3 };
    private static readonly Option<uint> Seed = new("--seed") { Description = "Seed for the weights and the random inputs and targets." };
    private static readonly Option<double> Tolerance = new("--tolerance") { Description = "Largest relative error that passes.", DefaultValueFactory = _ => GradientCheck.DefaultTolerance };

    public static Command Create()
    {
        var command = new Command("gradcheck", "Compare every backpropagated gradient of a network with finite differences (in double).")
            { Layers, InputShape, Activation, Init, Loss, Data, Samples, Inputs, Outputs, Seed, Tolerance };
        command.SetAction(p =>
        {
            int samples = p.GetValue(Samples);
            OptionChecks.AtLeastOne("--samples", samples);
            double tol = p.GetValue(Tolerance);
            if (!(tol > 0)) throw new BackpropException($"--tolerance must be a positive number, got {tol}; try {GradientCheck.DefaultTolerance}.");
            var random = new NumPyRandomState(p.GetValue(Seed));
            var layers = p.GetValue(Layers)!;
            if (layers.OfType<LayerSpec.Dropout>().Any())
                throw new BackpropException("--layers: gradcheck cannot check dropout, whose mask changes at every forward pass; leave it out (its gradient is checked in the tests with a fixed mask).");
            var shape = p.GetValue(InputShape);
            bool Given(Option option) => p.GetResult(option) is { Implicit: false };
            // An option that would be ignored is refused, so that what is checked is what was asked for.
            if (shape is { } s && Given(Inputs))
                throw new BackpropException($"--inputs {p.GetValue(Inputs)} and --input-shape {s} both set the input width; the shape gives {s.Size} values per image: leave out --inputs.");
            if (p.GetValue(Data) is string named && (Given(Inputs) || Given(Outputs)))
                throw new BackpropException($"--inputs and --outputs size the random inputs; with --data {named} the data gives its own widths: leave them out.");
            var (x, t, lossName, dataShape) = p.GetValue(Data) is { } source
                ? FromData(source, samples, p.GetValue(Loss), shape)
                : RandomBatch(samples, shape?.Size ?? p.GetValue(Inputs), p.GetValue(Outputs), p.GetValue(Loss) ?? NetworkRecipe.DefaultLoss(p.GetValue(Outputs), classification: true), random);
            var recipe = new NetworkRecipe(layers, p.GetValue(Activation)!, lossName, p.GetValue(Init)) { InputShape = shape ?? dataShape };
            // Plain SGD's buffers (none) for the batch itself, no evaluation batches; the finite differences reuse them.
            MemoryEstimate.Check<double>(recipe, x.Columns, t.Columns, x.Rows, "sgd",
                $"--layers {NetworkRecipe.FormatHidden(layers)} on {x.Rows:N0} samples of {(recipe.InputShape?.ToString() ?? $"{x.Columns:N0} inputs")}, the network",
                "check fewer --samples or smaller layers", evaluationRows: 0, purpose: "to check");
            var network = recipe.Build<double>(x.Columns, t.Columns, random);
            Check(network, Losses.Loss.Create<double>(lossName), x, t, tol, Output.Writer(p));
            return 0;
        });
        return command;
    }

    /// <summary>Runs the check, prints the table, and throws a one-line <see cref="BackpropException"/> naming the layer at fault if any row fails.</summary>
    internal static void Check(Network<double> network, ILoss<double> loss, Matrix<double> x, Matrix<double> t, double tolerance, TextWriter output)
    {
        var report = GradientCheck.Run(network, loss, x, t, tolerance: tolerance);
        Print(report, x.Rows, loss.Name, output);
        if (report.Culprit is { } bad)
            throw new BackpropException(
                $"gradient check failed: {bad.Where} differs from finite differences by a relative {Format(bad.MaxRelativeError)} " +
                $"(tolerance {Format(tolerance)}) at {Position(bad)}: backprop {Format(bad.Analytic)}, finite differences {Format(bad.Numeric)}; " +
                "that layer's backward pass is wrong (the rows before it inherit its error).");
    }

    private static void Print(GradientCheckReport report, int samples, string loss, TextWriter output)
    {
        output.WriteLine($"Central finite differences (h = {Format(GradientCheck.DefaultStep)}) against backpropagation, in double, on {samples} samples, loss {loss}:");
        output.WriteLine($"{"layer",-16}{"gradient",-10}{"shape",-9}{"max rel. error",16}  {"worst at",-14}{"backprop",14}{"numeric",14}  ok");
        foreach (var e in report.Entries)
        {
            bool ok = e.MaxRelativeError <= report.Tolerance;
            output.WriteLine($"{$"{e.Layer}. {e.LayerName}",-16}{e.Quantity,-10}{$"{e.Rows}x{e.Columns}",-9}{Format(e.MaxRelativeError),16}  {Position(e),-14}" +
                             $"{Format(e.Analytic),14}{Format(e.Numeric),14}  {(ok ? "yes" : "NO")}");
        }
        int kinks = report.Entries.Sum(e => e.Kinks);
        if (kinks > 0) output.WriteLine($"{kinks} values sit at a kink of E (a ReLU input at or within h of 0), where there is no derivative to compare; they were left out.");
        output.WriteLine(report.Passed
            ? $"All {report.Entries.Count} gradients agree: the largest relative error is {Format(report.MaxRelativeError)} (tolerance {Format(report.Tolerance)})."
            : $"{report.Entries.Count(e => !(e.MaxRelativeError <= report.Tolerance))} of {report.Entries.Count} gradients disagree (tolerance {Format(report.Tolerance)}).");
    }

    /// <summary>Where the worst value sits: W[input, unit], b[unit], or input[sample, column].</summary>
    private static string Position(GradientCheckEntry e) =>
        e.Quantity == "b" ? $"b[{e.WorstColumn}]" : $"{(e.Quantity == GradientCheck.InputQuantity ? "x" : e.Quantity)}[{e.WorstRow},{e.WorstColumn}]";

    private static string Format(double value) => value.ToString("0.###e+00", CultureInfo.InvariantCulture);

    /// <summary>Seeded standard-normal inputs, and targets that suit the loss: one-hot classes, 0/1 labels or normal values.</summary>
    private static (Matrix<double> X, Matrix<double> T, string Loss, Backprop.Layers.ImageShape? Shape) RandomBatch(
        int samples, int inputs, int outputs, string loss, NumPyRandomState random)
    {
        OptionChecks.AtLeastOne("--inputs", inputs);
        OptionChecks.AtLeastOne("--outputs", outputs);
        MemoryLimit.Check(MemoryLimit.Bytes((long)samples * ((long)inputs + outputs), 2 * sizeof(double)),
            $"--samples {samples:N0} random inputs of {inputs:N0} values", "check fewer --samples");
        _ = Losses.Loss.Create<double>(loss);
        string output = NetworkRecipe.OutputActivation(loss);
        if (output == "softmax" && outputs < 2) throw new BackpropException($"--loss {loss} needs --outputs of at least 2 classes, got {outputs}.");
        if (output == "sigmoid") outputs = 1;
        var x = new Matrix<double>(samples, inputs);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = random.StandardNormal();
        var t = new Matrix<double>(samples, outputs);
        for (int r = 0; r < samples; r++)
        {
            if (output == "softmax") t[r, (int)random.RandInt(outputs)] = 1;
            else if (output == "sigmoid") t[r, 0] = random.RandInt(2);
            else for (int c = 0; c < outputs; c++) t[r, c] = random.StandardNormal();
        }
        return (x, t, loss, null);
    }

    /// <summary>The first <paramref name="samples"/> rows of a data source, and the loss that suits it unless one is given.</summary>
    private static (Matrix<double> X, Matrix<double> T, string Loss, Backprop.Layers.ImageShape? Shape) FromData(
        string source, int samples, string? loss, Backprop.Layers.ImageShape? given)
    {
        var loaded = DataSources.Load<double>(source);
        if (given is { } g && loaded.ImageShape is { } images && g != images)
            throw new BackpropException($"--input-shape {g}: the images of {source} are {images}, and their shape is read from the files; leave out --input-shape.");
        var data = loaded.Train;
        int rows = Math.Min(samples, data.Count);
        var x = new Matrix<double>(rows, data.InputSize);
        var t = new Matrix<double>(rows, data.TargetSize);
        data.Gather(Enumerable.Range(0, rows).ToArray(), x, t);
        return (x, t, loss ?? NetworkRecipe.DefaultLoss(data.TargetSize, loaded.Task == LearningTask.Classification), loaded.ImageShape);
    }
}
