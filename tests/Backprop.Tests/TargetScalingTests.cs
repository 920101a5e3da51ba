using Backprop.Data;
using Backprop.Layers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>A regression target trained in standard units, and the network folded back to predict in the target's own.</summary>
public class TargetScalingTests
{
    private static InMemoryDataset<double> Targets(params double[] t) =>
        InMemoryDataset<double>.FromRows([.. t.Select((_, i) => new double[] { i })], [.. t.Select(v => new[] { v })]);

    [Fact]
    public void Fit_TakesTheMeanAndPopulationStandardDeviation()
    {
        var s = TargetScaling.Fit(Targets(100, 200, 300, 400));
        Assert.Equal(250, s.Offset);
        Assert.Equal(Math.Sqrt(12500), s.Scale, 12);
        Assert.Equal(12500, s.LossFactor, 9);
        var scaled = (InMemoryDataset<double>)s.Apply(Targets(100, 400));
        Assert.Equal([-150 / Math.Sqrt(12500), 150 / Math.Sqrt(12500)], scaled.Targets.ToArray());
    }

    [Fact]
    public void AConstantTarget_IsRefused()
    {
        var e = Assert.Throws<BackpropException>(() => TargetScaling.Fit(Targets(3.5, 3.5, 3.5)));
        Assert.Contains("3.5 in every training row", e.Message);
    }

    [Fact]
    public void FoldInto_MakesTheNetworkPredictScaledOutputsTimesScalePlusOffset()
    {
        var net = new Network<double>(2, [new Dense<double>(3), new Tanh<double>(), new Dense<double>(1), new Identity<double>()], new NumPyRandomState(4));
        var x = Tensors.Matrix<double>.FromDoubles([[0.5, -1], [2, 0.25]]);
        var before = net.Predict(x).ToArray();
        var scaling = new TargetScaling(150, 77);
        scaling.FoldInto(net);
        var after = net.Predict(x).ToArray();
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i] * 77 + 150, after[i], 10);
    }

    [Fact]
    public void ACheckpointOfScaledTargets_LoadsAsAModelInTheTargetsUnits_AndResumesAsTrained()
    {
        using var dir = new ScratchFolder();
        string path = Path.Combine(dir.Path, "cp.safetensors");
        var net = new Network<double>(1, [new Dense<double>(1), new Identity<double>()], new NumPyRandomState(0));
        var trainer = new Trainer<double>(net, new Losses.MeanSquaredError<double>(), new Optimizers.Sgd<double>(0.1));
        var scaling = new TargetScaling(10, 2);
        Checkpoint.Save(path, trainer, new ModelMetadata("regression", "mse", TargetScaling: scaling));
        double w = net.Parameters[0].Value[0, 0], b = net.Parameters[1].Value[0, 0];

        var model = ModelFile.Load<double>(path);
        Assert.Equal(w * 2, model.Network.Parameters[0].Value[0, 0]);
        Assert.Equal(b * 2 + 10, model.Network.Parameters[1].Value[0, 0]);
        Assert.Null(model.Metadata.TargetScaling);           // folded: saving it again cannot fold twice

        var checkpoint = Checkpoint.Load(path);
        Assert.Equal(w, ((LoadedModel<double>)checkpoint.Model).Network.Parameters[0].Value[0, 0]);
        Assert.Equal(scaling, checkpoint.Model.Metadata.TargetScaling);
    }
}
