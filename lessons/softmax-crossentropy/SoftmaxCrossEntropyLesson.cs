using System.CommandLine;
using System.Text.Json.Serialization;

namespace Backprop.Lessons.CrossEntropy;

/// <summary>The lesson's options: part 3's logits and class, and Nielsen's neuron (η = 0.15, 300 updates).</summary>
public sealed record SoftmaxCrossEntropyOptions(double[] Logits, int TargetClass, double LearningRate, int Updates)
{
    /// <summary>The documents' settings.</summary>
    public SoftmaxCrossEntropyOptions() : this([2, 1, 0.1], 0, 0.15, 300) { }

    /// <summary>Nielsen's two starting points (w, b): a badly wrong neuron, and a less wrong one.</summary>
    public static readonly (double W, double B)[] Starts = [(2, 2), (0.6, 0.9)];

    /// <summary>"Learned" means the output is below this (the target is 0).</summary>
    public const double Below = 0.1;
}

/// <summary>The gradient of the cross-entropy with respect to the logits, four ways.</summary>
/// <param name="Logits">The inputs x of the softmax.</param>
/// <param name="TargetClass">The true class (t is one-hot).</param>
/// <param name="YMinusT">y − t, the fused softmax cross-entropy gradient.</param>
/// <param name="FullJacobian">Through the full softmax Jacobian: ∂E/∂xⱼ = Σᵢ ∂E/∂yᵢ·yᵢ(δᵢⱼ − yⱼ), with ∂E/∂yᵢ = −tᵢ/yᵢ.</param>
/// <param name="DiagonalOnly">Part 3's f(1 − f)·∂E/∂y: the Jacobian's diagonal alone.</param>
/// <param name="FiniteDifferences">
/// Central differences of E with respect to each logit (h = 1e-6), rounded to 8 decimals: past that they are rounding
/// noise (about 1e-10), and the two versions add their three exponentials in different orders.
/// </param>
public sealed record SoftmaxGradient(double[] Logits, int TargetClass, double[] YMinusT, double[] FullJacobian, double[] DiagonalOnly,
    double[] FiniteDifferences)
{
    /// <summary>The decimals kept of a finite difference.</summary>
    public const int FiniteDifferenceDecimals = 8;
}

/// <summary>One neuron trained with one cost from one start.</summary>
/// <param name="Cost">"quadratic" or "cross-entropy".</param>
/// <param name="Outputs">The output after 0, 1, 2, … updates.</param>
/// <param name="UpdatesToBelow">The first number of updates after which the output is below 0.1, or null if none within the run.</param>
public sealed record SlowdownRun(string Cost, [property: JsonIgnore] double[] Outputs, int? UpdatesToBelow)
{
    /// <summary>The output after 50, 150 and 300 updates (the counts the text quotes), where the run is that long.</summary>
    public IReadOnlyDictionary<string, double> OutputAfter =>
        new[] { 50, 150, 300 }.Where(n => n < Outputs.Length).ToDictionary(n => n.ToString(), n => Outputs[n]);
}

/// <summary>Both costs from one starting point.</summary>
public sealed record SlowdownStart(double W, double B, double StartOutput, SlowdownRun Quadratic, SlowdownRun CrossEntropy);

/// <summary>What both versions compute.</summary>
/// <param name="Softmax">y = softmax(logits).</param>
/// <param name="CrossEntropy">E = −ln y[class].</param>
/// <param name="Gradient">∂E/∂logits four ways.</param>
/// <param name="LearningRate">The neuron's learning rate.</param>
/// <param name="Slowdown">Both costs from each starting point.</param>
public sealed record SoftmaxCrossEntropyResult(double[] Softmax, double CrossEntropy, SoftmaxGradient Gradient, double LearningRate,
    SlowdownStart[] Slowdown);

/// <summary>
/// Part 3 of the Go series on softmax and cross-entropy, and Nielsen's chapter 3 on why cross-entropy learns faster
/// than the quadratic cost: the same sigmoid neuron, badly wrong at the start, crawls under one and races under the other.
/// </summary>
public sealed class SoftmaxCrossEntropyLesson : Lesson<SoftmaxCrossEntropyOptions>
{
    /// <inheritdoc />
    public override string Name => "softmax-crossentropy";

    /// <inheritdoc />
    public override string Summary => "Softmax, cross-entropy and its gradient y - t; why it learns faster than the quadratic cost (Go part 3, Nielsen ch. 3).";

    /// <summary>The trace's words for one cost: the neuron's output a, ∂C/∂a, the cost, and its two parameters.</summary>
    public static TraceWords Words(string cost) => new("a", "dC/da", $"C ({cost})", ["w", "b"], NumPyFormat.Value);

    /// <inheritdoc />
    protected override Func<ParseResult, SoftmaxCrossEntropyOptions> AddOptions(Command command)
    {
        var d = new SoftmaxCrossEntropyOptions();
        var rate = command.AddOption("--learning-rate", "The neuron's learning rate", d.LearningRate);
        var updates = command.AddOption("--updates", "Updates per run of the neuron", d.Updates);
        return p => d with { LearningRate = p.GetValue(rate), Updates = p.GetValue(updates) };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(SoftmaxCrossEntropyOptions options, LessonSettings settings)
    {
        if (options.Updates < 0) throw new BackpropException($"--updates must be zero or more, got {options.Updates}.");
        LessonMemory.CheckEpochs("--updates", options.Updates, runs: 2 * SoftmaxCrossEntropyOptions.Starts.Length);
        // One trace per cost, each showing the first updates from the first start (the text's example).
        var traces = (Quadratic: settings.CreateTrace(Words("quadratic")), CrossEntropy: settings.CreateTrace(Words("cross-entropy")));
        var result = settings.FromScratch ? SoftmaxCrossEntropyFromScratch.Run(options, traces) : SoftmaxCrossEntropyWithLibrary.Run(options, traces);
        Show(settings, result, Print);
        return settings.PlotsFolder is null ? [] : SoftmaxCrossEntropyPictures.Write(result, settings.PlotsFolder);
    }

    /// <summary>Prints the softmax, the cross-entropy, the gradient table and the slowdown.</summary>
    public static void Print(SoftmaxCrossEntropyResult r, TextWriter output)
    {
        var g = r.Gradient;
        output.WriteLine($"softmax({PythonFormat.List(g.Logits)}) = {PythonFormat.List(r.Softmax)}");
        output.WriteLine($"cross-entropy for class {g.TargetClass}: E = -ln {PythonFormat.Repr(r.Softmax[g.TargetClass])} = {PythonFormat.Repr(r.CrossEntropy)}");
        output.WriteLine("dE/dx for each logit x:");
        output.WriteLine($"  {"",-4}{"y - t",-24}{"full Jacobian product",-24}{"diagonal only f(1-f)",-24}finite differences");
        for (int i = 0; i < g.Logits.Length; i++)
            output.WriteLine($"  x_{i + 1,-2}{PythonFormat.Repr(g.YMinusT[i]),-24}{PythonFormat.Repr(g.FullJacobian[i]),-24}" +
                             $"{PythonFormat.Repr(g.DiagonalOnly[i]),-24}{NumPyFormat.Value(g.FiniteDifferences[i])}");
        output.WriteLine("The full Jacobian gives y - t. The diagonal alone (part 3's f' = f(1-f)) misses that raising one logit lowers");
        output.WriteLine("every other probability, so the wrong classes get no gradient at all.");
        output.WriteLine();
        output.WriteLine($"Learning slowdown (Nielsen ch. 3): one sigmoid neuron, input 1, target 0, learning rate {PythonFormat.Repr(r.LearningRate)}");
        foreach (var s in r.Slowdown)
        {
            output.WriteLine($"  from w = {PythonFormat.Repr(s.W)}, b = {PythonFormat.Repr(s.B)}: output {NumPyFormat.Value(s.StartOutput)}");
            foreach (var run in new[] { s.Quadratic, s.CrossEntropy })
            {
                string after = string.Join(", ", run.OutputAfter.Select(p => $"{NumPyFormat.Value(p.Value)} after {p.Key}"));
                string below = run.UpdatesToBelow is int n
                    ? $"below {PythonFormat.Repr(SoftmaxCrossEntropyOptions.Below)} after {n} updates"
                    : $"not below {PythonFormat.Repr(SoftmaxCrossEntropyOptions.Below)} within {run.Outputs.Length - 1} updates";
                output.WriteLine($"    {run.Cost + " cost:",-20}output {after}; {below}");
            }
        }
    }
}
