using System.Globalization;
using System.Text;
using Backprop.Data;
using Backprop.Training;

namespace Backprop.Cli.Playground;

/// <summary>
/// The <c>backprop train</c> command and the C# program that repeat the page's run. Every setting is written out,
/// defaults included (the epochs trained so far, the learning rate, the batch size, the seed, the loss, the
/// normalisation), so the command means the same run whatever later versions choose as defaults.
/// </summary>
internal static class EquivalentCommand
{
    public static string CommandLine(TrainSettings s, string dataName, int epochs)
    {
        var args = new List<(string, string)> { ("data", dataName) };
        if (s.Samples is int samples) args.Add(("samples", F(samples)));
        if (s.Noise is double noise) args.Add(("noise", F(noise)));
        if (dataName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            if (s.Target is string target) args.Add(("target", target));
            if (s.Task is string task) args.Add(("task", task));
        }
        args.Add(("normalize", Normalization(s, dataName)));
        args.Add(("validation-split", F(TrainPlan.For(s).ValidationSplit)));
        if (s.Features is { } features) args.Add(("features", string.Join(",", features)));
        args.Add(("layers", string.Join(",", s.Layers)));
        args.Add(("activation", s.Activation));
        if (s.Loss is string loss) args.Add(("loss", loss));
        if (s.Init is string init) args.Add(("init", init));
        args.Add(("optimizer", s.Optimizer));
        args.Add(("learning-rate", F(s.EffectiveLearningRate)));
        if (s.Optimizer is "momentum" or "nesterov") args.Add(("momentum", F(s.Momentum)));
        if (s.WeightDecay != 0) args.Add(("weight-decay", F(s.WeightDecay)));
        if (s.L1 != 0) args.Add(("l1", F(s.L1)));
        args.Add(("batch-mode", s.BatchMode));
        args.Add(("batch-size", F(s.BatchSize)));
        args.Add(("epochs", F(Math.Max(1, epochs))));
        if (TrainPlan.For(s).Patience is int patience) args.Add(("early-stopping", F(patience)));
        args.Add(("seed", F(s.Seed)));
        args.Add(("type", s.Type));
        return "backprop train " + string.Join(" ", args.Select(a => $"--{a.Item1} {Shell.Quote(a.Item2)}"));
    }

    /// <summary>A short program with the library that trains the same network on the same data.</summary>
    public static string CSharp(TrainSettings s, string dataName, int epochs)
    {
        string t = s.Type == "double" ? "double" : "float";
        var code = new StringBuilder();
        code.AppendLine("using Backprop.Data;");
        code.AppendLine("using Backprop.Losses;");
        code.AppendLine("using Backprop.Optimizers;");
        code.AppendLine("using Backprop.Random;");
        code.AppendLine("using Backprop.Training;");
        code.AppendLine();
        string options = $"new DataSourceOptions {{ Seed = {F(s.Seed)}{(s.Samples is int n ? $", Samples = {F(n)}" : "")}{(s.Noise is double noise ? $", Noise = {F(noise)}" : "")} }}";
        code.AppendLine($"var loaded = DataSources.Load<{t}>({Literal(dataName)}, {options});");
        string data = "loaded.Train";
        if (s.Features is { } features)
        {
            code.AppendLine($"var features = InputFeatures.Parse([{string.Join(", ", features.Select(Literal))}]);");
            data = "InputFeatures.Apply(loaded.Train, features)";
        }
        code.AppendLine("bool classification = loaded.Task == LearningTask.Classification;");
        // train holds out a stratified part for classification (each class in proportion), a plain shuffled one otherwise.
        code.AppendLine($"var (train, test) = classification ? ValidationSplit.Stratified({data}, {F(TrainPlan.For(s).ValidationSplit)}, seed: {F(s.Seed)})");
        code.AppendLine($"    : ValidationSplit.Split({data}, {F(TrainPlan.For(s).ValidationSplit)}, seed: {F(s.Seed)});");
        if (Normalization(s, dataName) != "none")
        {
            code.AppendLine($"var normalizer = Normalizer.Fit(Normalizer.ParseKind({Literal(Normalization(s, dataName))}), train);");
            code.AppendLine("train = normalizer.Apply(train);");
            code.AppendLine("test = test is null ? null : normalizer.Apply(test);");
        }
        code.AppendLine($"var random = new NumPyRandomState({F(s.Seed)});");
        string loss = s.Loss is string l ? Literal(l) : "NetworkRecipe.DefaultLoss(train.TargetSize, classification)";
        // Dense layers are numbers, which convert to layer specs; any other layer is parsed as --layers writes it.
        string layers = s.Layers.All(l => l is LayerSpec.Dense) ? $"[{string.Join(", ", s.Layers)}]" : $"NetworkRecipe.ParseHidden({Literal(string.Join(",", s.Layers))})";
        code.AppendLine($"var recipe = new NetworkRecipe({layers}, {Literal(s.Activation)}, {loss}{(s.Init is string init ? ", " + Literal(init) : "")});");
        code.AppendLine($"var network = recipe.Build<{t}>(train.InputSize, train.TargetSize, random);");
        code.AppendLine($"var optimizer = OptimizerFactory.Create<{t}>({Literal(s.Optimizer)}, new OptimizerSettings({F(s.EffectiveLearningRate)}, {F(s.Momentum)}, {F(s.WeightDecay)}, {F(s.L1)}));");
        string batching = $"BatchModes.Create({Literal(s.BatchMode)}, {F(s.BatchSize)})";
        code.AppendLine($"var trainer = new Trainer<{t}>(network, Loss.Create<{t}>(recipe.Loss), optimizer)");
        code.AppendLine($"    {{ Batching = {batching}, Epochs = {F(Math.Max(1, epochs))}, Random = random }};");
        if (TrainPlan.For(s).Patience is int patience)
        {
            // As train and the page do: stop when the held-out loss has not improved for the patience, keep the best epoch.
            code.AppendLine($"var stopping = new EarlyStopping<{t}>({F(patience)}, monitorTrainingLoss: test is null);");
            code.AppendLine("stopping.Attach(trainer);");
            code.AppendLine("trainer.Fit(train, test);");
            code.AppendLine("stopping.RestoreBest(trainer);");
            code.AppendLine("Console.WriteLine($\"kept epoch {stopping.BestEpoch}, test loss {(test is null ? double.NaN : trainer.Evaluate(test).Loss)}\");");
            return code.ToString();
        }
        code.AppendLine("var history = trainer.Fit(train, test);");
        code.AppendLine("Console.WriteLine($\"test loss {history.Epochs[^1].ValidationLoss}\");");
        return code.ToString();
    }

    /// <summary>The normalisation <c>train</c> applies: the one given, else standard for CSV files and none otherwise.</summary>
    private static string Normalization(TrainSettings s, string dataName) =>
        s.Normalize ?? (dataName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "standard" : "none");

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string F(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Literal(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
