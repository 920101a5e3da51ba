using Backprop.Data;
using Backprop.ML;
using Backprop.Runs;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Backprop.ML.Tests;

/// <summary>
/// The five small public tables (bench/tables.py: scikit-learn's, split 75/25 with random_state 0) as ML.NET reads
/// them, the pipeline of the issue around a trainer, its evaluator's figure, and what <c>backprop train</c> gets on the
/// same files through the library's own run.
/// </summary>
internal static class Tables
{
    public static string File(string name, string part) => Path.Combine(AppContext.BaseDirectory, "tables", $"{name}_{part}.csv");

    public static BackpropTask TaskOf(string name) => name switch
    {
        "diabetes" => BackpropTask.Regression,
        "breast_cancer" => BackpropTask.Binary,
        _ => BackpropTask.Multiclass,
    };

    /// <summary>The header's columns less the target (the last).</summary>
    public static int Width(string name) => System.IO.File.ReadLines(File(name, "train")).First().Split(',').Length - 1;

    /// <summary>Every feature as one vector column Features, the target as Label (text for classes, Single for regression).</summary>
    public static IDataView Load(MLContext ml, string name, string part)
    {
        int width = Width(name);
        var loader = ml.Data.CreateTextLoader(
        [
            new TextLoader.Column("Features", DataKind.Single, 0, width - 1),
            new TextLoader.Column("Label", TaskOf(name) == BackpropTask.Regression ? DataKind.Single : DataKind.String, width),
        ], separatorChar: ',', hasHeader: true);
        return loader.Load(File(name, part));
    }

    /// <summary>The first class in the training file, which <c>backprop train</c> gives the first output (binary: false).</summary>
    private static string FirstLabel(string name) => System.IO.File.ReadLines(File(name, "train")).Skip(1).First().Split(',')[^1];

    /// <summary>
    /// The label made what the task's trainers read, in the class order <c>backprop train</c> uses (first appearance;
    /// whole-number labels by value), NormalizeMeanVariance (centred, as train's standardisation), the trainer, and the
    /// predicted key mapped back to the label.
    /// </summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, string name, IEstimator<ITransformer> trainer)
    {
        var chain = new EstimatorChain<ITransformer>();
        chain = TaskOf(name) switch
        {
            BackpropTask.Multiclass => chain.Append<ITransformer>(ml.Transforms.Conversion.MapValueToKey("Label",
                keyOrdinality: name == "digits" ? ValueToKeyMappingEstimator.KeyOrdinality.ByValue : ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence)),
            BackpropTask.Binary => chain.Append<ITransformer>(ml.Transforms.Conversion.MapValue("Label",
                System.IO.File.ReadLines(File(name, "train")).Skip(1).Select(l => l.Split(',')[^1]).Distinct()
                    .Select(label => new KeyValuePair<string, bool>(label, label != FirstLabel(name))))),
            _ => chain,
        };
        chain = chain.Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)).Append(trainer);
        return TaskOf(name) == BackpropTask.Multiclass ? chain.Append<ITransformer>(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")) : chain;
    }

    /// <summary>The Backprop trainer for the table's task, with the library's defaults.</summary>
    public static IEstimator<ITransformer> Backprop(MLContext ml, string name) => TaskOf(name) switch
    {
        BackpropTask.Multiclass => ml.MulticlassClassification.Trainers.Backprop(),
        BackpropTask.Binary => ml.BinaryClassification.Trainers.Backprop(),
        _ => ml.Regression.Trainers.Backprop(),
    };

    /// <summary>ML.NET's evaluator on the scored test rows: accuracy in percent, or the mean squared error.</summary>
    public static double Evaluate(MLContext ml, string name, IDataView scored) => TaskOf(name) switch
    {
        BackpropTask.Multiclass => 100 * ml.MulticlassClassification.Evaluate(scored).MicroAccuracy,
        BackpropTask.Binary => 100 * ml.BinaryClassification.Evaluate(scored).Accuracy,
        _ => ml.Regression.Evaluate(scored).MeanSquaredError,
    };

    /// <summary>The Backprop step of a fitted pipeline.</summary>
    public static BackpropTransformer Step(ITransformer model) => ((IEnumerable<ITransformer>)model).OfType<BackpropTransformer>().Single();

    /// <summary>
    /// What <c>backprop train --data NAME_train.csv --test-file NAME_test.csv</c> gets, through the same library run
    /// it makes (TrainRun with the defaults): test accuracy in percent, or test MSE in the target's units.
    /// </summary>
    public static double Train(string name)
    {
        var run = TrainRun<float>.Create(TrainSettings.Defaults with { Data = File(name, "train"), TestFile = File(name, "test") });
        run.Fit();
        var network = run.Finish();
        var test = (InMemoryDataset<float>)run.Data.TestInUnits!;
        var answers = network.Predict(test.Inputs);
        double total = 0;
        for (int r = 0; r < test.Count; r++)
        {
            var (answer, target) = (answers.Row(r).ToArray(), test.Targets.Row(r).ToArray());
            total += run.Data.Classification
                ? (Array.IndexOf(answer, answer.Max()) == Array.IndexOf(target, 1f) ? 100 : 0)
                : Math.Pow(answer[0] - target[0], 2);
        }
        return total / test.Count;
    }
}
