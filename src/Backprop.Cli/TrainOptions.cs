using System.CommandLine;

namespace Backprop.Cli;

/// <summary>The options of <c>backprop train</c>, parsed and checked.</summary>
internal sealed record TrainSettings
{
    public required string Data { get; init; }
    public string? Target { get; init; }
    public string Task { get; init; } = "classification";
    public string? Normalize { get; init; }
    public double ValidationSplit { get; init; }
    public string? TestFile { get; init; }
    public Backprop.Training.LayerSpec[] Layers { get; init; } = [64];
    public Backprop.Layers.ImageShape? InputShape { get; init; }
    public string Activation { get; init; } = "relu";
    public string? Loss { get; init; }
    public string Optimizer { get; init; } = "adam";
    public double? LearningRate { get; init; }
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    public uint Seed { get; init; }
    public string Type { get; init; } = "float";
    public string? Model { get; init; }
    public string? Plots { get; init; }
    public int? Threads { get; init; }
    public bool Json { get; init; }
    public int? Limit { get; init; }
    public int? Samples { get; init; }
    public double? Noise { get; init; }
    public double? TargetLoss { get; init; }
    public int CheckpointEvery { get; init; }
    public string? Checkpoint { get; init; }
    public string? Resume { get; init; }

    /// <summary>The learning rate given, or the usual default for the optimizer.</summary>
    public double EffectiveLearningRate => LearningRate ?? (Optimizer.Equals("adam", StringComparison.OrdinalIgnoreCase) ? 1e-3 : 0.1);
}

/// <summary>Declares the train options once so train and its help text stay in step.</summary>
internal sealed class TrainOptions
{
    public readonly Option<string> Data = new("--data") { Description = "Data: xor, and, or, circles, moons, spirals, fashion-mnist, mnist, the lessons' data (e.g. neuron-with-bias), a .csv file or a folder of IDX files.", Required = true };
    public readonly Option<string?> Target = new("--target") { Description = "CSV target column, by name or 0-based index (default: the last column)." };
    public readonly Option<string> Task = new("--task") { Description = "classification or regression (CSV).", DefaultValueFactory = _ => "classification" };
    public readonly Option<string?> Normalize = new("--normalize") { Description = "minmax, standard or none, fitted on the training part only (default: standard for CSV, none otherwise)." };
    public readonly Option<double> ValidationSplit = new("--validation-split") { Description = "Fraction of the training data held out for validation, with a seeded shuffle (0 to 0.9)." };
    public readonly Option<string?> Test = new("--test") { Description = "A separate CSV test file." };
    public readonly Option<string> Layers = new("--layers") { Description = "Hidden layers, comma-separated: sizes of dense layers (128,64), conv32x3 (-same, -s2), maxpool2, dropout0.25, flatten; empty for none.", DefaultValueFactory = _ => "64" };
    public readonly Option<string?> InputShape = new("--input-shape") { Description = "The shape of an input row as an image, HxWxC such as 28x28x1, for convolution on CSV rows (IDX images give it)." };
    public readonly Option<string> Activation = new("--activation") { Description = "Hidden activation: identity, sigmoid, tanh, relu, leaky-relu.", DefaultValueFactory = _ => "relu" };
    public readonly Option<string?> Loss = new("--loss") { Description = "softmax-crossentropy, binary-crossentropy, mse, half-sse or half-mse (default: from the data)." };
    public readonly Option<string> Optimizer = new("--optimizer") { Description = "sgd, momentum, nesterov or adam.", DefaultValueFactory = _ => "adam" };
    public readonly Option<double?> LearningRate = new("--learning-rate", "--lr") { Description = "Step size (default 0.001 for adam, 0.1 otherwise)." };
    public readonly Option<double> Momentum = new("--momentum") { Description = "Momentum coefficient for momentum and nesterov.", DefaultValueFactory = _ => 0.9 };
    public readonly Option<double> WeightDecay = new("--weight-decay") { Description = "L2 weight decay λ." };
    public readonly Option<int> Epochs = new("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 10 };
    public readonly Option<int> BatchSize = new("--batch-size") { Description = "Samples per step; batches are shuffled each epoch.", DefaultValueFactory = _ => 32 };
    public readonly Option<uint> Seed = new("--seed") { Description = "Seed for initial weights, shuffling and splits." };
    public readonly Option<string> Type = new("--type") { Description = "Numeric type: float (fast) or double.", DefaultValueFactory = _ => "float" };
    public readonly Option<string?> Model = new("--model") { Description = "Save the trained model to this file (safetensors)." };
    public readonly Option<string?> Plots = new("--plots") { Description = "Write loss/accuracy curves (and decision regions for 2-D data) as SVG into this folder." };
    public readonly Option<int?> Threads = new("--threads") { Description = "Most threads a matrix product may use (default: all cores)." };
    public readonly Option<bool> Json = new("--json") { Description = "Print one JSON object with the results at the end." };
    public readonly Option<int?> Limit = new("--limit") { Description = "Use only the first N training samples (e.g. a quick subset of Fashion-MNIST)." };
    public readonly Option<int?> Samples = new("--samples") { Description = "Number of points of circles, moons or spirals." };
    public readonly Option<double?> Noise = new("--noise") { Description = "Noise of circles, moons or spirals." };
    public readonly Option<double?> TargetLoss = new("--target-loss") { Description = "Stop after the first epoch whose training loss is below this." };
    public readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Save a checkpoint every N epochs (needs --checkpoint)." };
    public readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "Checkpoint file: model, optimizer state, epoch, random state and history." };
    public readonly Option<string?> Resume = new("--resume") { Description = "Continue training from this checkpoint." };

    public IEnumerable<Option> All => [Data, Target, Task, Normalize, ValidationSplit, Test, Layers, InputShape, Activation, Loss, Optimizer,
        LearningRate, Momentum, WeightDecay, Epochs, BatchSize, Seed, Type, Model, Plots, Threads, Json, Limit, Samples, Noise, TargetLoss,
        CheckpointEvery, Checkpoint, Resume];

    /// <summary>Reads and checks the options; a bad value is a <see cref="BackpropException"/> naming the option and the fix.</summary>
    public TrainSettings Read(ParseResult p)
    {
        var s = new TrainSettings
        {
            Data = p.GetValue(Data)!, Target = p.GetValue(Target), Task = p.GetValue(Task)!.ToLowerInvariant(), Normalize = p.GetValue(Normalize),
            ValidationSplit = p.GetValue(ValidationSplit), TestFile = p.GetValue(Test), Layers = Backprop.Training.LayerSpec.ParseList(p.GetValue(Layers)!),
            InputShape = p.GetValue(InputShape) is string shape ? Backprop.Layers.ImageShape.Parse(shape, "--input-shape") : null,
            Activation = p.GetValue(Activation)!, Loss = p.GetValue(Loss), Optimizer = p.GetValue(Optimizer)!, LearningRate = p.GetValue(LearningRate),
            Momentum = p.GetValue(Momentum), WeightDecay = p.GetValue(WeightDecay), Epochs = p.GetValue(Epochs), BatchSize = p.GetValue(BatchSize),
            Seed = p.GetValue(Seed), Type = p.GetValue(Type)!.ToLowerInvariant(), Model = p.GetValue(Model), Plots = p.GetValue(Plots),
            Threads = p.GetValue(Threads), Json = p.GetValue(Json), Limit = p.GetValue(Limit), Samples = p.GetValue(Samples), Noise = p.GetValue(Noise), TargetLoss = p.GetValue(TargetLoss),
            CheckpointEvery = p.GetValue(CheckpointEvery), Checkpoint = p.GetValue(Checkpoint), Resume = p.GetValue(Resume),
        };
        Check(s);
        return s;
    }

    private static void Check(TrainSettings s)
    {
        if (!(s.EffectiveLearningRate > 0) || double.IsInfinity(s.EffectiveLearningRate))
            throw new BackpropException($"--learning-rate must be a positive number, got {s.LearningRate}; try 0.01.");
        if (s.BatchSize <= 0) throw new BackpropException($"--batch-size must be at least 1, got {s.BatchSize}; try 32.");
        if (s.Epochs <= 0) throw new BackpropException($"--epochs must be at least 1, got {s.Epochs}.");
        if (s.ValidationSplit is < 0 or >= 1) throw new BackpropException($"--validation-split must be in [0, 1), got {s.ValidationSplit}; try 0.1.");
        if (s.Type is not ("float" or "double")) throw new BackpropException($"--type must be float or double, got '{s.Type}'.");
        if (s.Task is not ("classification" or "regression")) throw new BackpropException($"--task must be classification or regression, got '{s.Task}'.");
        if (s.Threads is <= 0) throw new BackpropException($"--threads must be at least 1, got {s.Threads}.");
        if (s.Samples is <= 0) throw new BackpropException($"--samples must be at least 1, got {s.Samples}.");
        if (s.Noise is < 0) throw new BackpropException($"--noise must be zero or positive, got {s.Noise}.");
        if (s.Limit is <= 0) throw new BackpropException($"--limit must be at least 1, got {s.Limit}.");
        if (s.Momentum is < 0 or >= 1) throw new BackpropException($"--momentum must be in [0, 1), got {s.Momentum}.");
        if (s.WeightDecay < 0) throw new BackpropException($"--weight-decay must be zero or positive, got {s.WeightDecay}.");
        if (s.CheckpointEvery < 0) throw new BackpropException($"--checkpoint-every must be zero or positive, got {s.CheckpointEvery}.");
        if (s.CheckpointEvery > 0 && s.Checkpoint is null) throw new BackpropException("--checkpoint-every needs --checkpoint FILE to know where to save.");
        _ = Backprop.Optimizers.OptimizerFactory.Create<double>(s.Optimizer, s.EffectiveLearningRate);
        new Backprop.Training.NetworkRecipe(s.Layers, s.Activation, s.Loss ?? "mse").Validate();
    }
}
