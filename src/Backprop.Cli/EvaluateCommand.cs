using System.CommandLine;
using System.Numerics;
using Backprop.Data;
using Backprop.Plotting;
using Backprop.Serialization;
using Backprop.Training;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary><c>backprop evaluate</c>: loss, accuracy and a confusion matrix (or MSE, MAE and R²) of a saved model on labelled data.</summary>
internal static class EvaluateCommand
{
    private static readonly Option<string?> Model = CommonOptions.Model("The model file written by 'backprop train --model'");
    private static readonly Option<string> Data = CommonOptions.Data("Labelled data: a CSV file, fashion-mnist or mnist (their test set), or a built-in set", required: true);
    private static readonly Option<string?> Target = CommonOptions.Target();
    private static readonly Option<string> Header = CommonOptions.Header();
    private static readonly Option<string?> Separator = CommonOptions.Separator();
    private static readonly Option<string> Plots = new("--plots") { Description = "Folder for the confusion-matrix heat map.", DefaultValueFactory = _ => "plots" };
    private static readonly Option<bool> Json = CommonOptions.Json("Print the results as JSON");
    private static readonly Option<int?> Limit = new("--limit") { Description = "Evaluate only the first N samples (e.g. a quick look at a large test set)." };

    public static Command Create()
    {
        var command = new Command("evaluate", "Measure a saved model on labelled data: loss, accuracy and a confusion matrix.") { Model, Data, Target, Header, Separator, Plots, Json, Limit };
        command.SetAction(p => ModelFile.Load(p.GetValue(Model)!).Match(m => Run(p, m), m => Run(p, m)));
        return command;
    }

    private static int Run<T>(ParseResult p, LoadedModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var meta = model.Metadata;
        bool classification = meta.Task != ModelTasks.Regression;
        var csv = CsvSettings.Options(p.GetValue(Target), classification ? "classification" : "regression", CsvSettings.Header(p.GetValue(Header)), p.GetValue(Separator))
            with { LabelNames = meta.LabelNames };
        string source = p.GetValue(Data)!;
        var loaded = DataSources.Load<T>(source, new DataSourceOptions { Csv = csv });
        var raw = loaded.Test ?? loaded.Train;
        if (p.GetValue(Limit) is int limit)
        {
            OptionChecks.AtLeastOne("--limit", limit);
            if (limit < raw.Count) raw = raw.Take(limit);
        }
        // A model trained on input features takes the two plain inputs and turns them into its features.
        int width = ModelIo.RawInputSize(model);
        if (raw.InputSize != width)
            throw new BackpropException($"{source}: the data has {raw.InputSize} input columns but the model {model.Path} expects {width}.");
        if (raw.TargetSize != model.OutputSize)
            throw new BackpropException($"{source}: the data has {raw.TargetSize} target columns but the model {model.Path} gives {model.OutputSize} outputs.");
        string? plots = classification ? p.GetValue(Plots) : null;
        if (plots is not null) AtomicFile.PrepareFolder(plots, "--plots");
        // IDX images are read as pixel / 255 already: a model trained on them folds that into its normalisation.
        var data = ModelIo.Normalize(raw, meta, scaledPixels: loaded.PixelScale is not null);
        var loss = Losses.Loss.Create<T>(meta.Loss ?? NetworkRecipe.DefaultLoss(model.OutputSize, classification));
        var (lossValue, accuracy) = Evaluation.Run(model.Network, loss, data);
        RegressionMetrics? regression = classification ? null : RegressionMetrics.Of(model.Network, data);
        int[,]? confusion = classification ? Evaluation.ConfusionMatrix(model.Network, data) : null;
        string[] labels = meta.LabelNames ?? Enumerable.Range(0, confusion?.GetLength(0) ?? 0).Select(i => i.ToString()).ToArray();
        string? heatMap = null;
        if (confusion is not null)
        {
            heatMap = Path.Combine(plots!, "confusion.svg");
            var values = new double[labels.Length, labels.Length];
            for (int i = 0; i < labels.Length; i++) for (int j = 0; j < labels.Length; j++) values[i, j] = confusion[i, j];
            new HeatMap(values, labels, labels) { Title = $"Confusion matrix on {source}", XLabel = "predicted", YLabel = "true" }.Save(heatMap);
        }

        if (p.GetValue(Json))
        {
            int[][]? rows = confusion is null ? null
                : [.. Enumerable.Range(0, labels.Length).Select(i => Enumerable.Range(0, labels.Length).Select(j => confusion[i, j]).ToArray())];
            Output.WriteJson(p, new EvaluationJson(data.Count, lossValue, accuracy, regression?.MeanSquaredError, regression?.MeanAbsoluteError,
                regression?.R2, confusion is null ? null : labels, rows, heatMap), Output.Json.EvaluationJson);
            return 0;
        }
        var writer = Output.Writer(p);
        foreach (string note in loaded.Notes) writer.WriteLine($"note: {note}");
        writer.WriteLine($"{data.Count:N0} samples from {source}: loss {lossValue:G5}" + (accuracy is double a ? $", accuracy {a:P2}" : "") +
                         (regression is { } r ? $", MSE {r.MeanSquaredError:G5}, MAE {r.MeanAbsoluteError:G5}, R² {r.R2:F4}" : ""));
        if (confusion is not null)
        {
            if (TrainingReport.IsPlain(writer)) ConfusionTable.WritePlain(writer, confusion, labels);
            else Output.Console(p).Write(ConfusionTable.Of(confusion, labels));
            writer.WriteLine($"wrote {heatMap}");
        }
        return 0;
    }
}

/// <summary>What <c>backprop evaluate --json</c> prints: the figures, and for a classifier its confusion matrix (rows true, columns predicted).</summary>
internal sealed record EvaluationJson(int Samples, double Loss, double? Accuracy, double? Mse, double? Mae, double? R2, string[]? Labels,
    int[][]? Confusion, string? HeatMap);
