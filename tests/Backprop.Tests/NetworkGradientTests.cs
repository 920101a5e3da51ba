using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class NetworkGradientTests
{
    private static Network<double> ThreeLayers(string hidden, string output, int outputs) => new(
        4,
        [
            new Dense<double>(5, weights: new Initializer.Normal(0, 0.7)), Activations.Create<double>(hidden),
            new Dense<double>(3, weights: new Initializer.Normal(0, 0.7)), new Tanh<double>(),
            new Dense<double>(outputs, weights: new Initializer.Normal(0, 0.7), biasInit: new Initializer.Normal(0, 0.1)), Activations.Create<double>(output),
        ],
        new NumPyRandomState(7));

    private static Matrix<double> OneHot(int rows, int classes, uint seed)
    {
        var rng = new NumPyRandomState(seed);
        var t = new Matrix<double>(rows, classes);
        for (int r = 0; r < rows; r++) t[r, (int)rng.RandInt(classes)] = 1;
        return t;
    }

    [Theory]
    [InlineData("half-sse")]
    [InlineData("half-mse")]
    [InlineData("mse")]
    public void ThreeLayerNetwork_SquaredLossGradientsMatchFiniteDifferences(string lossName)
    {
        var net = ThreeLayers("sigmoid", "identity", 2);
        var x = RandomMatrices.Normal(5, 4, 1);
        var t = RandomMatrices.Normal(5, 2, 2);
        AssertMatchesFiniteDifferences(GradientCheck.Run(net, Loss.Create<double>(lossName), x, t));
    }

    [Fact]
    public void ThreeLayerNetwork_BinaryCrossEntropyGradientsMatchFiniteDifferences()
    {
        var net = ThreeLayers("leaky-relu", "sigmoid", 1);
        var x = RandomMatrices.Normal(6, 4, 3);
        var t = OneHot(6, 2, 4).RowRange(0, 6);
        var targets = new Matrix<double>(6, 1);
        for (int r = 0; r < 6; r++) targets[r, 0] = t[r, 0];
        AssertMatchesFiniteDifferences(GradientCheck.Run(net, new BinaryCrossEntropy<double>(), x, targets));
    }

    [Fact]
    public void ThreeLayerNetwork_FusedSoftmaxCrossEntropyGradientsMatchFiniteDifferences()
    {
        var net = ThreeLayers("relu", "softmax", 3);
        var x = RandomMatrices.Normal(6, 4, 5);
        AssertMatchesFiniteDifferences(GradientCheck.Run(net, new SoftmaxCrossEntropy<double>(), x, OneHot(6, 3, 6)));
    }

    /// <summary>Every registered loss: a new one is checked here, with its own output activation, without a line of test code.</summary>
    public static TheoryData<string> LossNames => new(Loss.All.Names);

    [Theory]
    [MemberData(nameof(LossNames))]
    public void EveryRegisteredLoss_WithItsOutputActivation_GradientsMatchFiniteDifferences(string lossName)
    {
        var entry = Loss.All.Get(lossName);
        var net = ThreeLayers("tanh", entry.OutputActivation, 3);
        // One-hot rows are valid targets for every loss here: classes, three 0/1 labels, or three values.
        AssertMatchesFiniteDifferences(GradientCheck.Run(net, entry.Create<double>(), RandomMatrices.Normal(6, 4, 8), OneHot(6, 3, 9)));
    }

    private static void AssertMatchesFiniteDifferences(GradientCheckReport report) =>
        Assert.True(report.MaxRelativeError < 1e-6, $"{report.Entries.MaxBy(e => e.MaxRelativeError)}");

    [Fact]
    public void SoftmaxCrossEntropy_WithoutSoftmaxLast_IsAClearError()
    {
        var net = new Network<double>(2, new Dense<double>(3));
        var x = RandomMatrices.Normal(2, 2, 1);
        var grad = new Matrix<double>(2, 3);
        new SoftmaxCrossEntropy<double>().Compute(net.Forward(x), OneHot(2, 3, 1), grad);
        var e = Assert.Throws<BackpropException>(() => net.Backward(grad, gradientIsForLogits: true));
        Assert.Contains("Softmax", e.Message);
    }
}
