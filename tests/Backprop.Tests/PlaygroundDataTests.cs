using Backprop.Data;

namespace Backprop.Tests;

/// <summary>TensorFlow Playground's six data sets: their shapes and the rules that label them (at noise 0, exactly).</summary>
public class PlaygroundDataTests
{
    private static (double X, double Y, double[] T)[] Points(string name, double noise = 0, uint seed = 1, int? samples = null)
    {
        var data = PlaygroundData.Make<double>(name, samples, noise, seed);
        return [.. Enumerable.Range(0, data.Count).Select(i => (data.Inputs[i, 0], data.Inputs[i, 1], data.Targets.Row(i).ToArray()))];
    }

    private static int Label((double X, double Y, double[] T) p) => p.T[1] == 1 ? 1 : -1;

    [Fact]
    public void Circle_IsBlueInsideRadiusTwoAndAHalf_OrangeInTheRingFromThreeAndAHalfToFive()
    {
        var points = Points("circle");
        Assert.Equal(500, points.Length);
        foreach (var p in points)
        {
            double r = Math.Sqrt(p.X * p.X + p.Y * p.Y);
            Assert.Equal(r < 2.5 ? 1 : -1, Label(p));
            Assert.True(r <= 2.5 || r is >= 3.5 and <= 5, $"radius {r}");
        }
        Assert.Equal(250, points.Count(p => Label(p) == 1));
    }

    [Fact]
    public void XorQuadrants_AreBlueWhereXTimesYIsPositive_AndKeptOffTheAxes()
    {
        foreach (var p in Points("xor-quadrants"))
        {
            Assert.Equal(p.X * p.Y >= 0 ? 1 : -1, Label(p));
            Assert.True(Math.Abs(p.X) >= 0.3 && Math.Abs(p.Y) >= 0.3 && Math.Abs(p.X) <= 5.3);
        }
    }

    [Fact]
    public void Gauss_CentresItsClassesOnPlusAndMinusTwo()
    {
        var points = Points("gauss", samples: 4000);
        double blueX = points.Where(p => Label(p) == 1).Average(p => p.X), orangeY = points.Where(p => Label(p) == -1).Average(p => p.Y);
        Assert.Equal(2, blueX, 1);
        Assert.Equal(-2, orangeY, 1);
        // Variance 0.5 at noise 0, so a standard deviation of √0.5.
        Assert.Equal(Math.Sqrt(0.5), Math.Sqrt(points.Where(p => Label(p) == 1).Average(p => (p.X - 2) * (p.X - 2))), 1);
    }

    [Fact]
    public void Spiral_PutsPointKOfAnArmAtRadiusFiveKOverM()
    {
        var points = Points("spiral", samples: 100);
        for (int k = 0; k < 50; k++)
        {
            Assert.Equal(5.0 * k / 50, Math.Sqrt(points[k].X * points[k].X + points[k].Y * points[k].Y), 12);
            Assert.Equal(1, Label(points[k]));
            Assert.Equal(-1, Label(points[50 + k]));
        }
        // The orange arm is the blue one turned by π.
        Assert.Equal(-points[7].X, points[57].X, 12);
    }

    [Fact]
    public void RegressionSets_AreThePlaneAndTheSixBumps()
    {
        var plane = PlaygroundData.Make<double>("reg-plane", null, 0, 2);
        Assert.Equal(1200, plane.Count);
        for (int i = 0; i < plane.Count; i++) Assert.Equal((plane.Inputs[i, 0] + plane.Inputs[i, 1]) / 10, plane.Targets[i, 0], 15);
        var bumps = PlaygroundData.Make<double>("reg-gauss", 300, 0, 2);
        for (int i = 0; i < bumps.Count; i++)
        {
            double x = bumps.Inputs[i, 0], y = bumps.Inputs[i, 1], t = bumps.Targets[i, 0];
            Assert.InRange(t, -1, 1);
            // Near the bump at (0, 2.5), which is negative, the label is its 1 − d/2.
            double d = Math.Sqrt(x * x + (y - 2.5) * (y - 2.5));
            if (d < 0.5) Assert.Equal(-(1 - d / 2), t, 12);
        }
    }

    [Fact]
    public void Noise_MovesWhereTheLabelIsDecided_SoSomePointsAcrossTheBoundary()
    {
        var noisy = Points("circle", noise: 0.5, seed: 4);
        int across = noisy.Count(p => (Math.Sqrt(p.X * p.X + p.Y * p.Y) < 2.5 ? 1 : -1) != Label(p));
        Assert.InRange(across, 10, 250);
    }

    [Fact]
    public void TheSameSeed_GivesTheSamePoints_AndAnotherSeedOthers()
    {
        Assert.Equal(Points("spiral", 0.3, 5).Select(p => (p.X, p.Y, p.T[1])), Points("spiral", 0.3, 5).Select(p => (p.X, p.Y, p.T[1])));
        Assert.NotEqual(Points("spiral", 0.3, 5).Select(p => p.X), Points("spiral", 0.3, 6).Select(p => p.X));
    }

    [Fact]
    public void DataSources_KnowsThemByName_WithTheirTasks()
    {
        var circle = DataSources.Load<float>("circle", new DataSourceOptions { Seed = 3, Noise = 0.1 });
        Assert.Equal(LearningTask.Classification, circle.Task);
        Assert.Equal(["-1", "1"], circle.LabelNames!);
        var plane = DataSources.Load<float>("reg-plane");
        Assert.Equal(LearningTask.Regression, plane.Task);
        Assert.Null(plane.LabelNames);
        Assert.Throws<BackpropException>(() => PlaygroundData.Make<float>("circle", 100, 2, 0));
    }

    [Fact]
    public void InputFeatures_ComputeSquaresProductsAndSines()
    {
        var data = InMemoryDataset<double>.FromRows([[2, -3]], [[1]]);
        var features = InputFeatures.Parse(["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]);
        var mapped = InputFeatures.Apply(data, features);
        Assert.Equal([2, -3, 4, 9, -6, Math.Sin(2), Math.Sin(-3)], mapped.Inputs.ToArray());
        Assert.Equal(data.Targets.ToArray(), mapped.Targets.ToArray());
        Assert.Contains("named twice", Assert.Throws<BackpropException>(() => InputFeatures.Parse(["x1", "x1"])).Message);
        Assert.Contains("Unknown input feature 'cosx1'", Assert.Throws<BackpropException>(() => InputFeatures.Parse(["cosx1"])).Message);
        var threeColumns = InMemoryDataset<double>.FromRows([[1, 2, 3]], [[1]]);
        Assert.Contains("two input columns", Assert.Throws<BackpropException>(() => InputFeatures.Apply(threeColumns, features)).Message);
    }
}
