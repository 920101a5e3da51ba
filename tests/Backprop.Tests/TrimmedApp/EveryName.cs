using System.Globalization;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace TrimmedApp;

/// <summary>
/// Makes every registered activation, loss, optimizer, initializer, learning-rate schedule, input feature and batch mode by
/// its name, uses each once on fixed numbers, and writes one line per entry. The trimmed-app test compiles this file into
/// a trimmed console app and into the tests themselves: the two must print the same lines.
/// </summary>
public static class EveryName
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Row(IEnumerable<double> values) => string.Join(" ", values.Select(F));

    public static IEnumerable<string> Lines()
    {
        foreach (string name in Activations.Names)
        {
            var layer = Activations.Create<double>(name);
            layer.Build(3, new NumPyRandomState(0));
            yield return $"activation {name} {layer.Name}: {Row(layer.Forward(Matrix<double>.FromRows([-1.0, 0.0, 2.0])).ToArray())}";
        }
        foreach (string name in Loss.Names)
        {
            var loss = Loss.Create<double>(name);
            var gradient = new Matrix<double>(1, 3);
            double e = loss.Compute(Matrix<double>.FromRows([0.2, 0.3, 0.5]), Matrix<double>.FromRows([0.0, 0.0, 1.0]), gradient);
            yield return $"loss {name}: {F(e)} gradient {Row(gradient.ToArray())}";
        }
        foreach (string name in OptimizerFactory.Names)
        {
            var optimizer = OptimizerFactory.Create<double>(name, new OptimizerSettings(0.1));
            var w = new Parameter<double>("w", 1, 2);
            w.Value[0, 0] = 1;
            w.Value[0, 1] = -2;
            for (int step = 0; step < 2; step++)
            {
                w.Gradient[0, 0] = 0.5;
                w.Gradient[0, 1] = -0.25;
                optimizer.Step([w]);
            }
            yield return $"optimizer {name} {optimizer.Name}: {Row(w.Value.ToArray())}";
        }
        foreach (string name in Initializers.All.Names)
        {
            var values = new double[6];
            Initializers.Create(name).Fill(values, 3, 2, new NumPyRandomState(1));
            yield return $"initializer {name}: {Row(values)}";
        }
        foreach (string name in LearningRateSchedules.All.Names)
        {
            var schedule = LearningRateSchedules.All.Get(name).Create(0.1, 12);
            double rate = schedule.InitialRate;
            var rates = new List<double>();
            for (int epoch = 1; epoch <= 12; epoch++) rates.Add(rate = schedule.RateAfter(epoch, 1.0, rate));
            yield return $"schedule {name} {schedule.Name}: {Row(rates)}";
        }
        foreach (string name in InputFeatures.All.Names)
        {
            var feature = InputFeatures.All.Get(name);
            yield return $"feature {name} {feature.Label}: {F(feature.Compute(0.5, -2))}";
        }
        foreach (string name in BatchModes.All.Names)
        {
            var mode = BatchModes.Create(name, 4);
            yield return $"batch mode {name}: {mode.MaxRows(10)} {mode.StepsPerEpoch(10)} {(mode.Shuffles ? 1 : 0)}";
        }
    }
}
