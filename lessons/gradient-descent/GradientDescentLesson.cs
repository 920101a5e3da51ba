using Backprop.Runs;
using System.CommandLine;
using System.Text.Json.Serialization;
using Backprop.Lessons.Xor;

namespace Backprop.Lessons.GradientDescent;

/// <summary>
/// The lesson's options. Part 3's code fixes the network, Adam at 0.01 and the target (mean ½Σ(y − t)² ≤ 0.001) but seeds
/// nothing and gives no rate for SGD or momentum; our choices: seed 0, SGD at 0.5, momentum 0.9 at 0.05 (so its steady
/// step, η/(1 − γ) = 0.5, matches SGD's), and at most 20,000 epochs.
/// </summary>
public sealed record GradientDescentOptions(uint Seed, double AdamRate, double SgdRate, double MomentumRate, double Momentum,
    double TargetError, int MaxEpochs)
{
    /// <summary>The defaults described above.</summary>
    public GradientDescentOptions() : this(0, 0.01, 0.5, 0.05, 0.9, 0.001, 20_000) { }

    /// <summary>The learning rate of <paramref name="optimizer"/>.</summary>
    public double RateOf(string optimizer) => optimizer switch { "sgd" => SgdRate, "momentum" => MomentumRate, _ => AdamRate };
}

/// <summary>One training run of the grid.</summary>
/// <param name="BatchMode">"batch" (all 4 examples per step), "mini-batch" (2) or "stochastic" (1); shuffled every epoch.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="Optimizer">"sgd", "momentum" or "adam".</param>
/// <param name="LearningRate">Its learning rate.</param>
/// <param name="Epochs">The first epoch after which E ≤ the target, or null if none within the limit.</param>
/// <param name="FinalError">E after the last epoch run.</param>
/// <param name="Errors">E after every epoch (for the picture).</param>
/// <param name="Outputs">The trained network's answers for [0,0], [0,1], [1,0], [1,1].</param>
public sealed record GridRun(string BatchMode, int BatchSize, string Optimizer, double LearningRate, int? Epochs, double FinalError,
    [property: JsonIgnore] double[] Errors, [property: JsonIgnore] double[] Outputs);

/// <summary>How far Adam's first step moved one weight, beside −η·sign(g).</summary>
/// <param name="Weight">The weight's name.</param>
/// <param name="Gradient">∂E/∂w of the first batch.</param>
/// <param name="Step">w after the step minus w before.</param>
/// <param name="MinusRateTimesSign">−η·sign(g): with m̂ = g and v̂ = g² after one step, η·m̂/(√v̂ + ε) = η·g/(|g| + ε).</param>
public sealed record AdamStep(string Weight, double Gradient, double Step, double MinusRateTimesSign);

/// <summary>What both versions compute: the grid of runs, part 3's own run (batch, Adam) among them, and Adam's first step.</summary>
public sealed record GradientDescentResult(uint Seed, double TargetError, GridRun[] Grid, AdamStep[] FirstAdamStep)
{
    /// <summary>Part 3's run: batches of 4 shuffled each epoch, Adam at 0.01.</summary>
    [JsonIgnore] public GridRun Part3 => Grid.Single(r => r is { BatchMode: "batch", Optimizer: "adam" });

    /// <summary>Part 3's run as JSON: epochs, final error, outputs.</summary>
    [JsonPropertyName("part3")] public Part3Summary Part3Json => new(Part3.Epochs, Part3.FinalError, Part3.Outputs);
}

/// <summary>Part 3's run as the JSON prints it (<see cref="GradientDescentResult.Part3Json"/>).</summary>
public sealed record Part3Summary(int? Epochs, double FinalError, double[] Outputs);

/// <summary>What a version needs to say to train one configuration: its batch mode, size, optimizer and rate.</summary>
public sealed record RunSpec(string BatchMode, int BatchSize, string Optimizer, double LearningRate);

/// <summary>What one run gave: E after each epoch, the answers, and the first step's weights and gradients.</summary>
public sealed record RunOutcome(double[] Errors, double[] Outputs, double[] FirstBefore, double[] FirstGradient, double[] FirstAfter);

/// <summary>
/// Part 3 of the Go series: its XOR network (2-2 sigmoid-1 identity with biases, weights N(0, 1)/√fan-in) trained by Adam
/// at 0.01 on shuffled batches of 4 until E = mean over the examples of ½Σ(y − t)² ≤ 0.001, then batch, mini-batch and
/// stochastic gradient descent against plain SGD, momentum and Adam from the same start.
/// </summary>
public sealed class GradientDescentLesson : Lesson<GradientDescentOptions>
{
    /// <summary>The three ways of cutting an epoch into steps, with their batch sizes.</summary>
    public static readonly (string Name, int Size)[] BatchModes = [("batch", 4), ("mini-batch", 2), ("stochastic", 1)];

    /// <summary>The three optimizers.</summary>
    public static readonly string[] Optimizers = ["sgd", "momentum", "adam"];

    /// <summary>Significant digits printed: Adam's step is folded differently in the two versions (the same rule), so they agree to about 15.</summary>
    public const int Digits = 10;

    /// <summary>The runs --trace follows: momentum and Adam, with batches of 4.</summary>
    public static readonly string[] TracedOptimizers = ["momentum", "adam"];

    /// <summary>The parameters' names, in the library's order.</summary>
    public static IReadOnlyList<string> WeightNames => XorLesson.Words(2).Weights;

    /// <inheritdoc />
    public override string Name => "gradient-descent";

    /// <inheritdoc />
    public override string Summary => "Part 3's XOR run with Adam, then batch, mini-batch and stochastic steps against SGD, momentum and Adam (Go series, part 3).";

    /// <inheritdoc />
    protected override Func<ParseResult, GradientDescentOptions> AddOptions(Command command)
    {
        var d = new GradientDescentOptions();
        var seed = command.AddOption("--seed", "NumPy-compatible seed for the weights and the shuffles", d.Seed);
        var epochs = command.AddOption("--max-epochs", "Give up on a run after this many epochs", d.MaxEpochs);
        return p => d with { Seed = p.GetValue(seed), MaxEpochs = p.GetValue(epochs) };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(GradientDescentOptions options, LessonSettings settings)
    {
        OptionChecks.AtLeastOne("--max-epochs", options.MaxEpochs);
        LessonMemory.CheckEpochs("--max-epochs", options.MaxEpochs, runs: BatchModes.Length * Optimizers.Length);
        Func<RunSpec, OptimizerTrace?, RunOutcome> train = settings.FromScratch
            ? (spec, trace) => GradientDescentFromScratch.Train(options, spec, trace)
            : (spec, trace) => GradientDescentWithLibrary.Train(options, spec, trace);
        var result = Compose(options, train, optimizer => settings.Trace ? new OptimizerTrace(settings.TraceOutput, settings.TraceSteps, $"{optimizer}, batches of 4") : null);
        Show(settings, result, Print);
        return settings.PlotsFolder is null ? [] : GradientDescentPictures.Write(result, settings.PlotsFolder);
    }

    /// <summary>Runs the grid with <paramref name="train"/> and gathers the result, rounding to <see cref="Digits"/> digits.</summary>
    public static GradientDescentResult Compose(GradientDescentOptions options, Func<RunSpec, OptimizerTrace?, RunOutcome> train,
        Func<string, OptimizerTrace?> traceFor)
    {
        var grid = new List<GridRun>();
        AdamStep[] first = [];
        foreach (var (mode, size) in BatchModes)
            foreach (string optimizer in Optimizers)
            {
                var spec = new RunSpec(mode, size, optimizer, options.RateOf(optimizer));
                var run = train(spec, size == 4 && TracedOptimizers.Contains(optimizer) ? traceFor(optimizer) : null);
                int? epochs = run.Errors[^1] <= options.TargetError ? run.Errors.Length : null;
                grid.Add(new GridRun(mode, size, optimizer, spec.LearningRate, epochs, R(run.Errors[^1]), [.. run.Errors.Select(R)], [.. run.Outputs.Select(R)]));
                if (size == 4 && optimizer == "adam")
                    first = [.. WeightNames.Select((name, i) => new AdamStep(name, R(run.FirstGradient[i]), R(run.FirstAfter[i] - run.FirstBefore[i]),
                        -options.AdamRate * Math.Sign(run.FirstGradient[i])))];
            }
        return new GradientDescentResult(options.Seed, options.TargetError, [.. grid], first);
    }

    private static double R(double x) => PythonFormat.Round(x, Digits);

    private static string S(double x) => PythonFormat.Repr(x);

    /// <summary>Prints part 3's run, Adam's first step, and the grid.</summary>
    public static void Print(GradientDescentResult r, TextWriter output)
    {
        var p = r.Part3;
        output.WriteLine($"Part 3's run: 2-2-1 (sigmoid hidden, linear output, biases), weights N(0,1)/sqrt(fan-in), seed {r.Seed}; Adam {S(p.LearningRate)}, batches of 4 shuffled every epoch");
        output.WriteLine(p.Epochs is int e
            ? $"  E = {S(p.FinalError)} <= {S(r.TargetError)} after {e} epochs"
            : $"  E = {S(p.FinalError)} after {p.Errors.Length} epochs: not yet <= {S(r.TargetError)}");
        for (int i = 0; i < 4; i++)
            output.WriteLine($"  {XorLesson.Inputs[i][0]} XOR {XorLesson.Inputs[i][1]} = {XorLesson.Targets[i]}: network says {S(p.Outputs[i])}");
        output.WriteLine("Adam's first step moves every weight by about -0.01 sign(g): m_hat = g and v_hat = g^2, so the step is 0.01 g/(|g| + 1e-8)");
        foreach (var s in r.FirstAdamStep)
            output.WriteLine($"  {s.Weight,-13} g = {S(s.Gradient),-22} moved {S(s.Step),-22} (-0.01 sign g = {S(s.MinusRateTimesSign)})");
        output.WriteLine($"Epochs until E <= {S(r.TargetError)}, same seed and starting weights for every run:");
        output.WriteLine($"  {"",-12}" + string.Join("", r.Grid.Select(g => g.Optimizer).Distinct().Select(o => $"{$"{o} ({S(r.Grid.First(g => g.Optimizer == o).LearningRate)})",-18}")));
        foreach (var mode in r.Grid.GroupBy(g => g.BatchMode))
            output.WriteLine($"  {mode.Key,-12}" + string.Join("", mode.Select(g => $"{(g.Epochs is int n ? n.ToString() : $"> {g.Errors.Length}"),-18}")));
    }
}
