using Backprop.Runs;
using System.CommandLine;
using System.Text.Json.Serialization;
using Backprop.Lessons.Xor;

namespace Backprop.Lessons.Autograd;

/// <summary>The MLP's settings: a 2-4-1 tanh network on XOR, full-batch SGD.</summary>
public sealed record AutogradOptions(int Hidden, uint Seed, double LearningRate, int Epochs)
{
    /// <summary>Our choice: 4 tanh units, Xavier weights from NumPy seed 1, η = 0.2, 200 epochs.</summary>
    public AutogradOptions() : this(4, 1, 0.2, 200) { }

    /// <summary>The loss is printed every this many epochs.</summary>
    public const int PrintEvery = 20;

    /// <summary>Significant digits of the printed losses: the two versions agree to about 15, not to the last bit.</summary>
    public const int Digits = 10;
}

/// <summary>What both versions compute.</summary>
/// <param name="G">g of micrograd's example expression.</param>
/// <param name="DgDa">∂g/∂a.</param>
/// <param name="DgDb">∂g/∂b.</param>
/// <param name="DcDa">∂c/∂a for a = 1, b = a + a, c = b + b, by the topologically sorted backward.</param>
/// <param name="NaiveDcDa">The same by the naive recursive backward.</param>
/// <param name="Neuron">The neuron's output and the gradient of each of its leaves, by name.</param>
/// <param name="MlpLosses">E of every epoch of the MLP (before its update), to <see cref="AutogradOptions.Digits"/> digits.</param>
public sealed record AutogradResult(double G, double DgDa, double DgDb, double DcDa, double NaiveDcDa,
    IReadOnlyDictionary<string, double> Neuron, double[] MlpLosses)
{
    /// <summary>The neuron's graph, for the pictures (built again, with its gradients).</summary>
    [JsonIgnore] public Value NeuronGraph => AutogradFromScratch.DifferentiatedNeuron();
}

/// <summary>
/// The framework idea of the Go series' last part (ml-framework's dynamic graph) in miniature, after Karpathy's
/// micrograd: a scalar <see cref="Value"/> that records each operation, and a backward pass over the graph in
/// reverse topological order. Checked against micrograd's published numbers; then the same small MLP is trained
/// with it (--from-scratch) and with the library's layers, and the loss curves agree.
/// </summary>
public sealed class AutogradLesson : Lesson<AutogradOptions>
{
    /// <inheritdoc />
    public override string Name => "autograd";

    /// <inheritdoc />
    public override string Summary => "A scalar autograd engine with a topologically sorted backward, checked against micrograd; an MLP trained with it.";

    /// <summary>The trace's words: the MLP's four outputs, ∂E/∂y, E, and its weights named as in the xor lesson.</summary>
    public static TraceWords Words(int hidden) =>
        XorLesson.Words(hidden) with { Delta = "dE/dy", Format = x => PythonFormat.Significant(x, AutogradOptions.Digits) };

    /// <inheritdoc />
    protected override Func<ParseResult, AutogradOptions> AddOptions(Command command)
    {
        var d = new AutogradOptions();
        var hidden = command.AddOption("--hidden", "Hidden tanh units of the MLP", d.Hidden);
        var seed = command.AddOption("--seed", "NumPy-compatible seed for the MLP's starting weights", d.Seed);
        var rate = command.AddOption("--learning-rate", "The MLP's learning rate", d.LearningRate);
        var epochs = command.AddOption("--epochs", "Epochs of the MLP", d.Epochs);
        return p => new AutogradOptions(p.GetValue(hidden), p.GetValue(seed), p.GetValue(rate), p.GetValue(epochs));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(AutogradOptions options, LessonSettings settings)
    {
        OptionChecks.AtLeastOne("--hidden", options.Hidden);
        OptionChecks.AtLeastOne("--epochs", options.Epochs);
        LessonMemory.CheckXorNetwork(options.Hidden);
        LessonMemory.CheckEpochs("--epochs", options.Epochs, runs: settings.PlotsFolder is null ? 1 : 2);
        var result = RunAndShow(settings, Words(options.Hidden), trace => AutogradFromScratch.Run(options, trace),
            trace => AutogradWithLibrary.Run(options, trace), (r, output) => Print(r, options, output));
        if (settings.PlotsFolder is null) return [];
        var other = settings.FromScratch ? AutogradWithLibrary.Run(options) : AutogradFromScratch.Run(options);
        return settings.FromScratch ? AutogradPictures.Write(result, other, settings.PlotsFolder) : AutogradPictures.Write(other, result, settings.PlotsFolder);
    }

    /// <summary>Prints the checks and the MLP's loss curve.</summary>
    public static void Print(AutogradResult r, AutogradOptions options, TextWriter output)
    {
        string F4(double x) => x.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine("micrograd's example expression (its README prints 24.7041, 138.8338, 645.5773):");
        output.WriteLine($"  g = {F4(r.G)} ({PythonFormat.Repr(r.G)}), dg/da = {F4(r.DgDa)} ({PythonFormat.Repr(r.DgDa)}), dg/db = {F4(r.DgDb)} ({PythonFormat.Repr(r.DgDb)})");
        output.WriteLine($"a = 1, b = a + a, c = b + b: dc/da = {PythonFormat.Repr(r.DcDa)} with the topologically sorted backward; " +
                         $"a naive recursive backward gives {PythonFormat.Repr(r.NaiveDcDa)}");
        output.WriteLine("one neuron o = tanh(x1*w1 + x2*w2 + b): " + string.Join(", ", r.Neuron.Select(p => $"{p.Key} = {F4(p.Value)}")));
        output.WriteLine($"a 2-{options.Hidden}-1 tanh MLP on XOR, E = 1/(2n) sum (y - t)^2, full-batch SGD {PythonFormat.Repr(options.LearningRate)}, " +
                         $"seed {options.Seed} (--from-scratch trains it with Value, the library with Dense and Tanh layers):");
        for (int epoch = 0; epoch < r.MlpLosses.Length; epoch += AutogradOptions.PrintEvery)
            output.WriteLine($"  epoch {epoch + 1,4}: E = {PythonFormat.Repr(r.MlpLosses[epoch])}");
        output.WriteLine($"  epoch {r.MlpLosses.Length,4}: E = {PythonFormat.Repr(r.MlpLosses[^1])}");
    }
}
