using System.Diagnostics;
using System.Globalization;
using Backprop.ML;
using Backprop.ML.Tests;
using Microsoft.ML;

// Each trainer in the same pipeline (label, NormalizeMeanVariance, trainer) on each table: ML.NET's evaluator on the
// test file, and the median of three timed fits after one untimed (the JIT's), of the whole pipeline (the label and
// normaliser steps are the same for every trainer). Then the native libraries the process mapped from its own folder.
string[] tables = args.Length > 0 ? args : ["iris", "wine", "breast_cancer", "digits", "diabetes"];
var trainers = new (string Name, Func<MLContext, BackpropTask, IEstimator<ITransformer>?> Make)[]
{
    ("Backprop", (ml, task) => task switch
    {
        BackpropTask.Multiclass => ml.MulticlassClassification.Trainers.Backprop(),
        BackpropTask.Binary => ml.BinaryClassification.Trainers.Backprop(),
        _ => ml.Regression.Trainers.Backprop(),
    }),
    ("SDCA", (ml, task) => task switch
    {
        BackpropTask.Multiclass => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(),
        BackpropTask.Binary => ml.BinaryClassification.Trainers.SdcaLogisticRegression(),
        _ => ml.Regression.Trainers.Sdca(),
    }),
    ("L-BFGS", (ml, task) => task switch
    {
        BackpropTask.Multiclass => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(),
        BackpropTask.Binary => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(),
        _ => null,
    }),
    ("FastTree", (ml, task) => task switch
    {
        BackpropTask.Multiclass => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()),
        BackpropTask.Binary => ml.BinaryClassification.Trainers.FastTree(),
        _ => ml.Regression.Trainers.FastTree(),
    }),
};
// .NET compiles hot code again, optimised, after its first calls (tiered compilation): fit every trainer on iris once
// first, so that the first table's times are not the compiler's.
foreach (var (_, make) in trainers)
{
    var warm = new MLContext(seed: 0);
    Tables.Pipeline(warm, "iris", make(warm, BackpropTask.Multiclass)!).Fit(Tables.Load(warm, "iris", "train"));
}
Console.WriteLine("| table | " + string.Join(" | ", trainers.Select(t => t.Name)) + " |");
Console.WriteLine("| --- |" + string.Concat(trainers.Select(_ => " --- |")));
foreach (string name in tables)
{
    var cells = new List<string>();
    foreach (var (trainerName, make) in trainers)
    {
        var ml = new MLContext(seed: 0);
        var task = Tables.TaskOf(name);
        if (make(ml, task) is null) { cells.Add("—"); continue; }
        var (train, test) = (Tables.Load(ml, name, "train"), Tables.Load(ml, name, "test"));
        var seconds = new List<double>();
        double figure = 0;
        for (int run = 0; run < 4; run++)
        {
            var fresh = new MLContext(seed: 0);
            var pipeline = Tables.Pipeline(fresh, name, make(fresh, task)!);
            var clock = Stopwatch.StartNew();
            var model = pipeline.Fit(train);
            if (run > 0) seconds.Add(clock.Elapsed.TotalSeconds);
            figure = Tables.Evaluate(fresh, name, model.Transform(test));
        }
        seconds.Sort();
        cells.Add(string.Create(CultureInfo.InvariantCulture, $"{figure:F2} ({seconds[1]:F3} s)"));
    }
    Console.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
}
var native = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ')[^1]).Where(p => p.StartsWith(AppContext.BaseDirectory) && p.Contains(".so"))
    .Select(Path.GetFileName).Distinct();
Console.WriteLine($"native libraries mapped from the app's folder: {string.Join(", ", native.DefaultIfEmpty("none"))}");
