using Backprop.Layers;
using Backprop.Optimizers;

namespace Backprop.Tests;

public class OptimizerTests
{
    // One parameter w = 1 whose gradient is, on each of three steps, g = 2w (the loss w²).
    private static double[] ThreeSteps(Optimizer<double> opt)
    {
        var p = new Parameter<double>("w", 1, 1);
        p.Value[0, 0] = 1;
        var seen = new double[3];
        for (int i = 0; i < 3; i++)
        {
            p.Gradient[0, 0] = 2 * p.Value[0, 0];
            opt.Step([p]);
            seen[i] = p.Value[0, 0];
        }
        return seen;
    }

    [Fact]
    public void Sgd_FirstThreeSteps_FollowWMinusEtaG()
    {
        // η = 0.1: w ← w − 0.1·2w = 0.8w: 0.8, 0.64, 0.512
        var w = ThreeSteps(new Sgd<double>(0.1));
        Assert.Equal(0.8, w[0], 15); Assert.Equal(0.64, w[1], 15); Assert.Equal(0.512, w[2], 15);
    }

    [Fact]
    public void Sgd_WeightDecay_AddsLambdaW()
    {
        // η = 0.1, λ = 0.5: g' = 2w + 0.5w = 2.5w, w ← 0.75w: 0.75, 0.5625, 0.421875
        var w = ThreeSteps(new Sgd<double>(0.1, weightDecay: 0.5));
        Assert.Equal(0.75, w[0], 15); Assert.Equal(0.5625, w[1], 15); Assert.Equal(0.421875, w[2], 15);
    }

    [Fact]
    public void Momentum_FirstThreeSteps_FollowTheClassicRule()
    {
        // η = 0.1, μ = 0.9. v₁ = −0.2, w₁ = 0.8; g₂ = 1.6: v₂ = −0.18 − 0.16 = −0.34, w₂ = 0.46;
        // g₃ = 0.92: v₃ = −0.306 − 0.092 = −0.398, w₃ = 0.062
        var w = ThreeSteps(new Momentum<double>(0.1, 0.9));
        Assert.Equal(0.8, w[0], 14); Assert.Equal(0.46, w[1], 14); Assert.Equal(0.062, w[2], 14);
    }

    [Fact]
    public void Nesterov_FirstThreeSteps_FollowTheLookAheadRule()
    {
        // v ← μv − ηg; w ← w + μv − ηg. Step 1: v = −0.2, w = 1 − 0.18 − 0.2 = 0.62.
        // Step 2: g = 1.24, v = −0.18 − 0.124 = −0.304, w = 0.62 − 0.2736 − 0.124 = 0.2224.
        // Step 3: g = 0.4448, v = −0.2736 − 0.04448 = −0.31808, w = 0.2224 − 0.286272 − 0.04448 = −0.108352.
        var w = ThreeSteps(new Momentum<double>(0.1, 0.9, nesterov: true));
        Assert.Equal(0.62, w[0], 14); Assert.Equal(0.2224, w[1], 14); Assert.Equal(-0.108352, w[2], 14);
    }

    [Fact]
    public void Adam_FirstThreeSteps_FollowTheBiasCorrectedRule()
    {
        // Worked from Kingma & Ba's update with η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
        // Step 1: g = 2, m = 0.2, v = 0.004, m̂ = 2, v̂ = 4, w = 1 − 0.1·2/(2 + 1e-8) = 0.9000000005.
        double w = 1, m = 0, v = 0;
        var expected = new double[3];
        for (int t = 1; t <= 3; t++)
        {
            double g = 2 * w;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double mHat = m / (1 - Math.Pow(0.9, t)), vHat = v / (1 - Math.Pow(0.999, t));
            w -= 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
            expected[t - 1] = w;
        }
        Assert.Equal(0.9000000005, expected[0], 12);
        var actual = ThreeSteps(new Adam<double>(0.1));
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 12);
        // Adam's first steps move each weight by about η whatever the gradient's scale.
        Assert.InRange(actual[2], 0.70, 0.71);
    }

    [Fact]
    public void RmsProp_FirstThreeSteps_DivideByTheRunningRootMeanSquare()
    {
        // η = 0.1, ρ = 0.9, ε = 1e-8. Step 1: g = 2, v = 0.1·4 = 0.4, w = 1 − 0.1·2/(√0.4 + 1e-8) = 0.683772238983162.
        // Step 2: g = 1.367544477966324, v = 0.36 + 0.1·g² = 0.547017706, w = 0.498870613507054.
        // Step 3: w = 0.36918056029155977. (PyTorch's RMSprop with alpha = 0.9 gives the same three numbers.)
        var w = ThreeSteps(new RmsProp<double>(0.1));
        Assert.Equal(0.683772238983162, w[0], 14); Assert.Equal(0.498870613507054, w[1], 14); Assert.Equal(0.36918056029155977, w[2], 14);
    }

    [Fact]
    public void Adagrad_FirstThreeSteps_DivideByTheRootOfEverySquareSoFar()
    {
        // η = 0.1, ε = 1e-10. Step 1: G = 4, w = 1 − 0.1·2/(2 + 1e-10) = 0.900000000005.
        // Step 2: g = 1.80000000001, G = 4 + g² = 7.24, w = 0.9 − 0.18/√7.24 = 0.8331035268450359.
        // Step 3: w = 0.7804561813568098. (PyTorch's Adagrad gives the same three numbers.)
        var w = ThreeSteps(new Adagrad<double>(0.1));
        Assert.Equal(0.900000000005, w[0], 14); Assert.Equal(0.8331035268450359, w[1], 14); Assert.Equal(0.7804561813568098, w[2], 14);
    }

    /// <summary>Every registered optimizer: a new one is checked here without a line of test code.</summary>
    public static TheoryData<string> OptimizerNames => new(OptimizerFactory.All.Names);

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void VectorAndScalarPaths_GiveTheSameUpdate(string name)
    {
        // 37 weights: four whole 256-bit vectors of doubles and a scalar tail of one; each weight gets the step of a lone weight.
        var opt = OptimizerFactory.Create<double>(name, 0.05);
        var p = new Parameter<double>("w", 1, 37);
        var lone = Enumerable.Range(0, 37).Select(_ => OptimizerFactory.Create<double>(name, 0.05)).ToArray();
        var singles = Enumerable.Range(0, 37).Select(_ => new Parameter<double>("w", 1, 1)).ToArray();
        for (int i = 0; i < 37; i++) p.Value[0, i] = singles[i].Value[0, 0] = 0.1 * i - 1.5;
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < 37; i++)
            {
                p.Gradient[0, i] = singles[i].Gradient[0, 0] = Math.Sin(i + step);
                lone[i].Step([singles[i]]);
            }
            opt.Step([p]);
        }
        Assert.Equal(singles.Select(s => s.Value[0, 0]), p.Value.ToArray());
    }

    [Fact]
    public void EveryRegisteredOptimizer_IsMadeByItsName_ForBothTypes_WithItsDefaultStep()
    {
        foreach (var entry in OptimizerFactory.All)
        {
            var f = entry.Create<float>(new OptimizerSettings(entry.DefaultLearningRate));
            var d = OptimizerFactory.Create<double>(entry.Name, entry.DefaultLearningRate);
            Assert.Equal(entry.Name, f.Name);
            Assert.Equal(entry.Name, d.Name);
            Assert.True(entry.DefaultLearningRate > 0);
            Assert.False(string.IsNullOrWhiteSpace(entry.Description));
        }
        Assert.Equal(["sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad"], OptimizerFactory.Names);
        Assert.Equal(3e-3, OptimizerFactory.All.Get("ADAM").DefaultLearningRate);   // measured on small tables: docs/own-data.md
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Optimizer_NonPositiveLearningRate_IsAClearError(double lr)
    {
        var e = Assert.Throws<BackpropException>(() => new Sgd<double>(lr));
        Assert.Contains("learning rate", e.Message);
    }

    [Fact]
    public void UnknownOptimizerName_ListsTheValidOnes()
    {
        var e = Assert.Throws<BackpropException>(() => OptimizerFactory.Create<double>("adadelta", 0.1));
        Assert.Contains("sgd, momentum, nesterov, adam", e.Message);
    }
}
