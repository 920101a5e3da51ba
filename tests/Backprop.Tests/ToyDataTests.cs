using Backprop.Data;

namespace Backprop.Tests;

public sealed class ToyDataTests
{
    [Fact]
    public void LogicGates_HaveFourRowsOfTwoInputsAndOneZeroOneTarget()
    {
        Assert.Equal(new double[] { 0, 1, 1, 0 }, ToyData.Xor<double>().Targets.ToArray());
        Assert.Equal(new double[] { 0, 0, 0, 1 }, ToyData.And<double>().Targets.ToArray());
        Assert.Equal(new double[] { 0, 1, 1, 1 }, ToyData.Or<double>().Targets.ToArray());
        var xor = ToyData.Xor<float>();
        Assert.Equal((4, 2, 1), (xor.Count, xor.InputSize, xor.TargetSize));
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, xor.Inputs.ToArray());
        Assert.Equal(new[] { "0", "1" }, xor.LabelNames);
    }

    [Fact]
    public void TutorialSets_HoldTheSeedDocumentsNumbers()
    {
        var single = ToyData.SingleWeight<double>();
        Assert.Equal((5.0, 42.0), (single.Inputs[0, 0], single.Targets[0, 0]));
        Assert.Null(single.LabelNames);

        var linear = ToyData.LinearNeuron<double>();
        Assert.Equal(new double[] { 1, 1, 1, 0 }, linear.Inputs.ToArray());
        Assert.Equal(new double[] { 0, 1 }, linear.Targets.ToArray());

        var sigmoid = ToyData.SigmoidNeuron<double>();
        Assert.Equal(new double[] { 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1 }, sigmoid.Inputs.ToArray());
        Assert.Equal(new double[] { 0, 1, 1, 0 }, sigmoid.Targets.ToArray());

        var bias = ToyData.NeuronWithBias<double>();
        Assert.Equal((8, 2, 1), (bias.Count, bias.InputSize, bias.TargetSize));
        Assert.Equal(new double[] { 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1 }, bias.Inputs.ToArray());
        Assert.Equal(new double[] { 0, 1, 0, 1, 0, 1, 1, 0 }, bias.Targets.ToArray());
    }

    [Fact]
    public void Spirals_HaveThreeOneHotClassesOfEqualSize()
    {
        var spirals = SyntheticData.Spirals<double>();
        Assert.Equal((300, 2, 3), (spirals.Count, spirals.InputSize, spirals.TargetSize));
        Assert.Equal(new[] { "0", "1", "2" }, spirals.LabelNames);
        for (int k = 0; k < 3; k++)
            Assert.Equal(100, Enumerable.Range(0, 300).Count(i => spirals.Targets[i, k] == 1));
        Assert.All(spirals.Targets.ToRows(), row => Assert.Equal(1.0, row.Sum()));
        // Radii run from 0 to 1, so no point is farther out than 1.
        Assert.All(spirals.Inputs.ToRows(), p => Assert.True(Math.Sqrt(p[0] * p[0] + p[1] * p[1]) <= 1 + 1e-12));
    }

    [Fact]
    public void Spirals_TakeTheClassCountAndSpreadARemainder()
    {
        var spirals = SyntheticData.Spirals<float>(samples: 10, classes: 4);
        Assert.Equal((10, 4), (spirals.Count, spirals.TargetSize));
    }

    [Fact]
    public void CirclesAndMoons_HaveTwoOneHotClassesSplitInHalf()
    {
        foreach (var data in new[] { SyntheticData.Circles<double>(101), SyntheticData.Moons<double>(101) })
        {
            Assert.Equal((101, 2, 2), (data.Count, data.InputSize, data.TargetSize));
            Assert.Equal(50, Enumerable.Range(0, 101).Count(i => data.Targets[i, 0] == 1));
            Assert.Equal(51, Enumerable.Range(0, 101).Count(i => data.Targets[i, 1] == 1));
        }
    }

    [Fact]
    public void Circles_WithoutNoise_LieOnTheirRadii()
    {
        var circles = SyntheticData.Circles<double>(samples: 40, noise: 0, factor: 0.3);
        for (int i = 0; i < 40; i++)
        {
            double r = Math.Sqrt(circles.Inputs[i, 0] * circles.Inputs[i, 0] + circles.Inputs[i, 1] * circles.Inputs[i, 1]);
            Assert.Equal(circles.Targets[i, 1] == 1 ? 0.3 : 1.0, r, 12);
        }
    }

    [Fact]
    public void GeneratedSets_AreReproducibleForASeedAndDifferAcrossSeeds()
    {
        Assert.Equal(SyntheticData.Moons<double>(seed: 5).Inputs.ToArray(), SyntheticData.Moons<double>(seed: 5).Inputs.ToArray());
        Assert.Equal(SyntheticData.Circles<double>(seed: 5).Targets.ToArray(), SyntheticData.Circles<double>(seed: 5).Targets.ToArray());
        Assert.Equal(SyntheticData.Spirals<double>(seed: 5).Inputs.ToArray(), SyntheticData.Spirals<double>(seed: 5).Inputs.ToArray());
        Assert.NotEqual(SyntheticData.Moons<double>(seed: 5).Inputs.ToArray(), SyntheticData.Moons<double>(seed: 6).Inputs.ToArray());
    }

    [Fact]
    public void GeneratedSets_RejectBadParameters()
    {
        Assert.Throws<BackpropException>(() => SyntheticData.Spirals<double>(samples: 2, classes: 3));
        Assert.Throws<BackpropException>(() => SyntheticData.Moons<double>(noise: -1));
        Assert.Throws<BackpropException>(() => SyntheticData.Circles<double>(factor: 1.5));
    }
}
