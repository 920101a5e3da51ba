using Backprop.Cli;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class GradCheckCommandTests
{
    /// <summary>A sigmoid whose backward pass forgets the (1 − y) of σ' = y(1 − y): the bug the command must find.</summary>
    private sealed class WrongSigmoid : Activation<double>
    {
        public override string Name => "WrongSigmoid";

        protected override void Function(Matrix<double> x, Matrix<double> y)
        {
            for (int i = 0; i < x.Length; i++) y.AsSpan()[i] = 1 / (1 + Math.Exp(-x.AsSpan()[i]));
        }

        protected override void Derivative(Matrix<double> g, Matrix<double> x, Matrix<double> y, Matrix<double> dx)
        {
            for (int i = 0; i < g.Length; i++) dx.AsSpan()[i] = g.AsSpan()[i] * y.AsSpan()[i];
        }
    }

    public static TheoryData<string, string> ActivationsAndLosses()
    {
        var data = new TheoryData<string, string>();
        foreach (string activation in new[] { "identity", "sigmoid", "tanh", "relu", "leaky-relu" })
            foreach (string loss in Loss.Names) data.Add(activation, loss);
        return data;
    }

    [Fact]
    public void GradCheck_TanhNetworkWithSoftmaxCrossEntropy_ExitsZeroAndPrintsOneRowPerGradient()
    {
        var (code, output, error) = CliRunner.Run("gradcheck", "--layers", "8,8", "--activation", "tanh", "--loss", "softmax-crossentropy");
        Assert.True(code == 0, error);
        var lines = CliRunner.Lines(output);
        // W and b of the three Dense layers, and the input gradient of every layer after the first.
        string[] rows = ["1. Dense W", "1. Dense b", "2. Tanh input", "3. Dense W", "3. Dense b", "3. Dense input", "4. Tanh input",
                         "5. Dense W", "5. Dense b", "5. Dense input", "6. Softmax input"];
        var table = lines.Skip(2).Take(rows.Length).ToArray();
        Assert.Equal(rows, table.Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))));
        Assert.All(table, l => Assert.EndsWith("yes", l));
        Assert.StartsWith("All 11 gradients agree: the largest relative error is ", lines[^1]);
    }

    [Theory]
    [MemberData(nameof(ActivationsAndLosses))]
    public void GradCheck_EveryActivationAndLoss_AgreesWithFiniteDifferences(string activation, string loss)
    {
        var (code, output, error) = CliRunner.Run("gradcheck", "--layers", "6,5", "--activation", activation, "--loss", loss, "--samples", "6", "--seed", "3");
        Assert.True(code == 0, $"{error}\n{output}");
    }

    [Theory]
    [InlineData("conv3x3,maxpool2,5", "6x6x2", "tanh", 13)]              // valid padding; Tanh keeps its place after the convolution
    [InlineData("conv3x3-same-s2,maxpool2,flatten", "7x5x3", "relu", 9)]  // same padding at stride 2; ReLU moved after the pooling
    public void GradCheck_ConvolutionNetworks_AgreeWithFiniteDifferences(string layers, string shape, string activation, int gradients)
    {
        var (code, output, error) = CliRunner.Run("gradcheck", "--layers", layers, "--input-shape", shape, "--activation", activation, "--samples", "4");
        Assert.True(code == 0, $"{error}\n{output}");
        var lines = CliRunner.Lines(output);
        Assert.Contains(lines, l => l.StartsWith("1. Conv2D       W", StringComparison.Ordinal) && l.EndsWith("yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("MaxPool2D    input", StringComparison.Ordinal));
        Assert.StartsWith($"All {gradients} gradients agree", lines[^1]);
    }

    [Fact]
    public void GradCheck_Dropout_IsRefusedInOneLine() =>
        Cli.AssertBadInput(Cli.Run("gradcheck", "--layers", "conv3x3,dropout0.5", "--input-shape", "6x6x1"), "gradcheck cannot check dropout");

    [Fact]
    public void GradCheck_WrongDerivativeInALayer_ExitsTwoNamingThatLayer()
    {
        var network = new Network<double>(4,
            [new Dense<double>(6), new WrongSigmoid(), new Dense<double>(5), new Tanh<double>(), new Dense<double>(3), new Softmax<double>()],
            new NumPyRandomState(1));
        var x = RandomMatrices.Normal(5, 4, 2);
        var t = new Matrix<double>(5, 3);
        for (int r = 0; r < 5; r++) t[r, r % 3] = 1;
        var output = new StringWriter();
        var e = Assert.ThrowsAny<BackpropException>(() =>
            GradCheckCommand.Check(network, new SoftmaxCrossEntropy<double>(), x, t, GradientCheck.DefaultTolerance, output));

        var stderr = new StringWriter();
        Assert.Equal(2, ErrorReport.Write(e, stderr, verbose: false));
        string line = Assert.Single(CliRunner.Lines(stderr.ToString()));
        Assert.StartsWith("error: gradient check failed: layer 2 (WrongSigmoid) input gradient differs", line);
        // The layers after it are right; the first Dense layer, before it, inherits the error.
        string table = output.ToString();
        Assert.Contains("NO", CliRunner.Lines(table).Single(l => l.StartsWith("2. WrongSigmoid")));
        Assert.All(CliRunner.Lines(table).Where(l => l.StartsWith("3. ") || l.StartsWith("4. ") || l.StartsWith("5. ") || l.StartsWith("6. ")),
            l => Assert.EndsWith("yes", l));
        Assert.Contains("NO", CliRunner.Lines(table).First(l => l.StartsWith("1. Dense")));
    }

    [Fact]
    public void GradientCheck_RightSigmoid_PassesWhereTheWrongOneFails()
    {
        var x = RandomMatrices.Normal(5, 4, 2);
        var t = RandomMatrices.Normal(5, 2, 3);
        GradientCheckReport Check(ILayer<double> activation) =>
            GradientCheck.Run(new Network<double>(4, [new Dense<double>(6), activation, new Dense<double>(2), new Identity<double>()], new NumPyRandomState(1)),
                new HalfSumSquares<double>(), x, t);
        var right = Check(new Sigmoid<double>());
        var wrong = Check(new WrongSigmoid());
        Assert.True(right.Passed, $"{right.Culprit}");
        Assert.True(right.MaxRelativeError < 1e-6);
        Assert.False(wrong.Passed);
        // σ' off by a factor 1/(1 − y) ≈ 2 gives relative errors of order 0.1 and more, nowhere near rounding.
        Assert.True(wrong.Culprit!.MaxRelativeError > 0.1);
        Assert.Equal((2, "WrongSigmoid", GradientCheck.InputQuantity), (wrong.Culprit.Layer, wrong.Culprit.LayerName, wrong.Culprit.Quantity));
    }

    [Fact]
    public void GradCheck_ReluAtAKink_LeavesThoseValuesOutInsteadOfFailing()
    {
        // Zero biases and narrow ReLU layers: some samples reach a layer with every input 0, so its pre-activations
        // sit exactly at ReLU's kink, where finite differences see a slope of ½ and backprop (by convention) 0.
        var (code, output, error) = CliRunner.Run("gradcheck", "--layers", "16,4,4", "--activation", "relu", "--init", "he", "--loss", "mse", "--samples", "16");
        Assert.True(code == 0, error);
        Assert.Contains("sit at a kink of E", output);
    }

    [Theory]
    [InlineData("--layers", "8,x", "--layers: 'x': it is not a layer")]
    [InlineData("--loss", "hinge", "Unknown loss 'hinge'")]
    [InlineData("--samples", "0", "--samples must be at least 1")]
    [InlineData("--tolerance", "-1", "--tolerance must be a positive number")]
    public void GradCheck_BadOption_IsOneLineAndExitCodeTwo(string option, string value, string message) =>
        Cli.AssertBadInput(Cli.Run("gradcheck", option, value), message);
}
