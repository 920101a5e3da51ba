using System.Text.Json;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class Conv2DTests
{
    private static Conv2D<double> Built(ImageShape input, int filters, int k, double[] w, double[] b, int stride = 1, Padding padding = Padding.Valid)
    {
        var layer = new Conv2D<double>(filters, k, stride, padding, weights: new Initializer.Values(w), biasInit: new Initializer.Values(b));
        layer.Build(input.Size, input, new NumPyRandomState(0));
        return layer;
    }

    private static Matrix<double> Rows(int n, double[] values) => new(n, values.Length / n, values);

    private static readonly double[] OneToNine = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Conv2D_Valid2x2KernelOn3x3Image_GivesTheHandComputedValuesAndGradients()
    {
        // Kernel [[1, 2], [3, 4]], bias 0.5, over the image [[1, 2, 3], [4, 5, 6], [7, 8, 9]]:
        // y(0,0) = 1·1 + 2·2 + 4·3 + 5·4 + 0.5 = 37.5, and so on, one step to the right or down each.
        var layer = Built(new ImageShape(3, 3, 1), 1, 2, [1, 2, 3, 4], [0.5]);
        var y = layer.Forward(Rows(1, OneToNine));
        Assert.Equal([37.5, 47.5, 67.5, 77.5], y.ToArray());

        var dx = layer.Backward(Rows(1, [1, 1, 1, 1]));
        // ∂E/∂w(ky,kx) = Σ of the pixels it met: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
        Assert.Equal([12.0, 16, 24, 28], layer.Weights.Gradient.ToArray());
        Assert.Equal([4.0], layer.Bias!.Gradient.ToArray());
        // ∂E/∂x = Σ of the weights each pixel met: the centre met all four (10), a corner one.
        Assert.Equal([1.0, 3, 2, 4, 10, 6, 3, 7, 4], dx.ToArray());
    }

    [Fact]
    public void Conv2D_SamePadding_SumsEachPixelsNeighbourhoodInsideTheImage()
    {
        // A 3×3 kernel of ones with same padding sums each pixel's in-image neighbours: the corner 1 + 2 + 4 + 5 = 12.
        var layer = Built(new ImageShape(3, 3, 1), 1, 3, [1, 1, 1, 1, 1, 1, 1, 1, 1], [0], padding: Padding.Same);
        Assert.Equal(new ImageShape(3, 3, 1), layer.OutputShape);
        Assert.Equal([12.0, 21, 16, 27, 45, 33, 24, 39, 28], layer.Forward(Rows(1, OneToNine)).ToArray());
    }

    [Fact]
    public void Conv2D_StrideTwoSamePadding_PutsTheOddZeroAfterTheImage()
    {
        // 3 pixels, stride 2: ⌈3/2⌉ = 2 outputs need 1 zero, which goes after (bottom, right), as in TensorFlow.
        // Windows at (0,0), (0,2), (2,0), (2,2): 1·1+2·2+4·3+5·4 = 37, 3·1+6·3 = 21, 7·1+8·2 = 23, 9·1 = 9.
        var layer = Built(new ImageShape(3, 3, 1), 1, 2, [1, 2, 3, 4], [0], stride: 2, padding: Padding.Same);
        Assert.Equal([37.0, 21, 23, 9], layer.Forward(Rows(1, OneToNine)).ToArray());
    }

    public static TheoryData<int> TorchConvCases => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(TorchConvCases))]
    public void Conv2D_ValuesAndGradientsMatchPyTorch(int index)
    {
        // Reference/conv_torch.json: F.conv2d and its autograd in float64 (Reference/conv_torch.py).
        var c = TestData.Load("conv_torch.json").GetProperty("conv")[index];
        int n = c.GetProperty("n").GetInt32();
        var shape = new ImageShape(c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32(), c.GetProperty("channels").GetInt32());
        var padding = c.GetProperty("padding").GetString() == "same" ? Padding.Same : Padding.Valid;
        var layer = Built(shape, c.GetProperty("filters").GetInt32(), c.GetProperty("kernel").GetInt32(),
            c.GetProperty("w").Doubles(), c.GetProperty("b").Doubles(), c.GetProperty("stride").GetInt32(), padding);
        Assert.Equal(new ImageShape(c.GetProperty("out_height").GetInt32(), c.GetProperty("out_width").GetInt32(), layer.Filters), layer.OutputShape);

        AssertClose(c.GetProperty("y").Doubles(), layer.Forward(Rows(n, c.GetProperty("x").Doubles())).ToArray());
        var dx = layer.Backward(Rows(n, c.GetProperty("g").Doubles()));
        AssertClose(c.GetProperty("dx").Doubles(), dx.ToArray());
        AssertClose(c.GetProperty("dw").Doubles(), layer.Weights.Gradient.ToArray());
        AssertClose(c.GetProperty("db").Doubles(), layer.Bias!.Gradient.ToArray());
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(3, 9, 9, 1, 8, 3, 1, false)]
    [InlineData(3, 14, 14, 32, 64, 3, 1, false)]
    [InlineData(3, 14, 14, 32, 64, 3, 1, true)]
    [InlineData(3, 11, 8, 5, 7, 5, 2, true)]
    [InlineData(3, 12, 10, 3, 16, 4, 3, false)]
    [InlineData(40, 12, 12, 64, 16, 3, 1, false)]
    public void Conv2D_Im2ColProduct_EqualsTheTextbookLoops(int n, int h, int w, int c, int filters, int k, int stride, bool same)
    {
        // Shapes big enough for the packed, two-thread GEMM (14×14×32 → 64 is the recipe's second convolution). The
        // last has 40 images of 100 windows of 576 values: more than the layer keeps from Forward to Backward, so it
        // works in blocks of 4 images and unfolds them again in Backward.
        var shape = new ImageShape(h, w, c);
        var weights = FiniteDifferences.RandomMatrix(k * k * c, filters, 1, 0.3).ToArray();
        var bias = FiniteDifferences.RandomMatrix(1, filters, 2).ToArray();
        var layer = Built(shape, filters, k, weights, bias, stride, same ? Padding.Same : Padding.Valid);
        var x = FiniteDifferences.RandomMatrix(n, shape.Size, 3);
        var y = layer.Forward(x);
        var g = FiniteDifferences.RandomMatrix(n, layer.OutputSize, 4);
        var dx = layer.Backward(g);

        var expectedY = ConvolutionByLoops.Forward(x.ToArray(), weights, bias, n, shape, filters, k, stride, same);
        var (expectedDx, expectedDw, expectedDb) = ConvolutionByLoops.Backward(x.ToArray(), weights, g.ToArray(), n, shape, filters, k, stride, same);
        // The packed GEMM sums in blocks and with fused multiply-adds: equal to float64 rounding, not bit for bit.
        AssertClose(expectedY, y.ToArray(), 1e-12);
        AssertClose(expectedDx, dx.ToArray(), 1e-12);
        AssertClose(expectedDw, layer.Weights.Gradient.ToArray(), 1e-12);
        AssertClose(expectedDb, layer.Bias!.Gradient.ToArray(), 1e-12);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void Conv2D_GradientsMatchFiniteDifferences(int stride, bool same)
    {
        var shape = new ImageShape(6, 5, 2);
        var padding = same ? Padding.Same : Padding.Valid;
        var layer = new Conv2D<double>(3, 3, stride, padding, weights: new Initializer.Normal(0, 0.5), biasInit: new Initializer.Normal(0, 0.1));
        layer.Build(shape.Size, shape, new NumPyRandomState(4));
        double inputError = FiniteDifferences.LayerInputError(layer, FiniteDifferences.RandomMatrix(2, shape.Size, 5));
        Assert.True(inputError < 1e-6, $"input gradient: relative error {inputError}");

        double error = ImageGradientCheck.MaxParameterError(shape,
            [new Conv2D<double>(3, 3, stride, padding, weights: new Initializer.Normal(0, 0.5), biasInit: new Initializer.Normal(0, 0.1))], 4, seed: 6);
        Assert.True(error < 1e-6, $"parameters: relative error {error}");
    }

    [Fact]
    public void Conv2D_Apply_GivesForwardsNumbers_ForABatchTooBigForOneChunk()
    {
        // 40 images of 28×28 make 26·26·9·40 window values, more than Apply unfolds at once.
        var shape = new ImageShape(28, 28, 1);
        var layer = new Conv2D<float>(8, 3, weights: new Initializer.He());
        layer.Build(shape.Size, shape, new NumPyRandomState(1));
        var rng = new NumPyRandomState(2);
        var x = new Matrix<float>(200, shape.Size);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = (float)rng.RandomSample();
        var applied = new Matrix<float>(200, layer.OutputSize);
        layer.Apply(x, applied);
        Assert.Equal(layer.Forward(x).ToArray(), applied.ToArray());
    }

    [Fact]
    public void Conv2D_BuiltWithoutAShape_SaysHowToGiveOne()
    {
        var e = Assert.Throws<BackpropException>(() => new Network<float>(784, [new Conv2D<float>(8, 3), new ReLU<float>()]));
        Assert.Contains("new Network<T>(new ImageShape(28, 28, 1), layers)", e.Message);
    }

    [Fact]
    public void Conv2D_KernelBiggerThanItsInput_IsAnErrorNamingBothSizes()
    {
        var e = Assert.Throws<BackpropException>(() => new Network<float>(new ImageShape(4, 4, 1), [new Conv2D<float>(8, 5)]));
        Assert.Contains("5×5 does not fit in its 4×4 input", e.Message);
    }

    [Fact]
    public void Conv2D_Config_RecordsFiltersKernelStrideAndPadding()
    {
        var layer = new Conv2D<float>(32, 3, 2, Padding.Same, bias: false);
        Assert.Equal(new LayerConfig("Conv2D", Bias: false, Filters: 32, Kernel: 3, Stride: 2, Padding: "same"), layer.Config);
    }
}
