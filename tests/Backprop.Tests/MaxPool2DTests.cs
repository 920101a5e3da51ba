using System.Numerics;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class MaxPool2DTests
{
    private static MaxPool2D<double> Built(ImageShape input, int pool, int? stride = null)
    {
        var layer = new MaxPool2D<double>(pool, stride);
        layer.Build(input.Size, input, new NumPyRandomState(0));
        return layer;
    }

    [Fact]
    public void MaxPool2D_TwoByTwo_KeepsEachWindowsLargestValue_PerChannel()
    {
        // A 4×4 image of two channels: channel 0 counts 1 … 16, channel 1 is its negative.
        var x = new double[32];
        for (int i = 0; i < 16; i++) { x[2 * i] = i + 1; x[2 * i + 1] = -(i + 1); }
        var layer = Built(new ImageShape(4, 4, 2), 2);
        Assert.Equal(new ImageShape(2, 2, 2), layer.OutputShape);
        // Window (0,0) holds 1, 2, 5, 6: the max is 6 in channel 0 and −1 in channel 1.
        Assert.Equal([6.0, -1, 8, -3, 14, -9, 16, -11], layer.Forward(new Matrix<double>(1, 32, x)).ToArray());

        var dx = layer.Backward(new Matrix<double>(1, 8, [10, 20, 30, 40, 50, 60, 70, 80]));
        var expected = new double[32];
        // Each gradient goes back to where its maximum was: 6 is pixel (1,1), −1 is pixel (0,0), and so on.
        (int Pixel, int Channel, double G)[] routes = [(5, 0, 10), (0, 1, 20), (7, 0, 30), (2, 1, 40), (13, 0, 50), (8, 1, 60), (15, 0, 70), (10, 1, 80)];
        foreach (var (pixel, channel, g) in routes) expected[2 * pixel + channel] = g;
        Assert.Equal(expected, dx.ToArray());
    }

    [Fact]
    public void MaxPool2D_Ties_SendTheGradientToTheFirstMaximumInReadingOrder()
    {
        var layer = Built(new ImageShape(2, 2, 1), 2);
        layer.Forward(new Matrix<double>(1, 4, [3, 3, 3, 3]));
        Assert.Equal([1.0, 0, 0, 0], layer.Backward(new Matrix<double>(1, 1, [1])).ToArray());
    }

    [Fact]
    public void MaxPool2D_OddSize_DropsTheLastRowAndColumn_AsFloorDoes()
    {
        Assert.Equal(new ImageShape(2, 2, 3), Built(new ImageShape(5, 5, 3), 2).OutputShape);
        Assert.Equal(new ImageShape(13, 13, 32), Built(new ImageShape(26, 26, 32), 2).OutputShape);
    }

    public static TheoryData<int> TorchPoolCases => new() { 0, 1, 2 };

    [Theory]
    [MemberData(nameof(TorchPoolCases))]
    public void MaxPool2D_ValuesAndGradientsMatchPyTorch(int index)
    {
        // Reference/conv_torch.json: F.max_pool2d and its autograd in float64 (case 2 overlaps: pool 3, stride 2).
        var c = TestData.Load("conv_torch.json").GetProperty("pool")[index];
        int n = c.GetProperty("n").GetInt32();
        var shape = new ImageShape(c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32(), c.GetProperty("channels").GetInt32());
        var layer = Built(shape, c.GetProperty("pool").GetInt32(), c.GetProperty("stride").GetInt32());
        var x = c.GetProperty("x").Doubles();
        Assert.Equal(c.GetProperty("y").Doubles(), layer.Forward(new Matrix<double>(n, shape.Size, x)).ToArray());
        var g = c.GetProperty("g").Doubles();
        Assert.Equal(c.GetProperty("dx").Doubles(), layer.Backward(new Matrix<double>(n, layer.OutputSize, g)).ToArray());
        // And the textbook loops agree.
        var (y, dx) = ConvolutionByLoops.MaxPool(x, g, n, shape, layer.PoolSize, layer.Stride);
        Assert.Equal(y, layer.Output!.ToArray());
        Assert.Equal(dx, layer.InputGradient!.ToArray());
    }

    [Theory]
    [InlineData(2, 2, 13)]
    [InlineData(3, 2, 32)]
    [InlineData(3, 1, 9)]
    public void MaxPool2D_VectorAndScalarChannels_MatchTheTextbookLoops_InFloatAndDouble(int pool, int stride, int channels)
    {
        // 13 channels are a vector of 8 floats (or two of 4 doubles) and a scalar tail; values in halves make ties.
        // 9×9 leaves the last row and column outside every 2×2 window; a first backward pass leaves values there that
        // the second must clear.
        var shape = new ImageShape(9, 9, channels);
        var asDouble = Built(shape, pool, stride);
        var x = FiniteDifferences.RandomMatrix(2, shape.Size, 5).ToArray().Select(v => Math.Round(v * 2) / 2).ToArray();
        var g = FiniteDifferences.RandomMatrix(2, asDouble.OutputSize, 6).ToArray();
        var (y, dx) = ConvolutionByLoops.MaxPool(x, g, 2, shape, pool, stride);

        Assert.Equal(y, asDouble.Forward(new Matrix<double>(2, shape.Size, x)).ToArray());
        asDouble.Backward(new Matrix<double>(2, g.Length / 2, g)).Fill(7);
        Assert.Equal(dx, asDouble.Backward(new Matrix<double>(2, g.Length / 2, g)).ToArray());

        var asFloat = new MaxPool2D<float>(pool, stride);
        asFloat.Build(shape.Size, shape, new NumPyRandomState(0));
        var yf = asFloat.Forward(new Matrix<float>(2, shape.Size, x.Select(v => (float)v).ToArray()));
        Assert.Equal(y.Select(v => (float)v).ToArray(), yf.ToArray());
        // Overlapping windows add several gradients into one input, in float: equal to float rounding.
        asFloat.Backward(new Matrix<float>(2, g.Length / 2, g.Select(v => (float)v).ToArray())).Fill(7);
        var dxf = asFloat.Backward(new Matrix<float>(2, g.Length / 2, g.Select(v => (float)v).ToArray())).ToArray();
        for (int i = 0; i < dx.Length; i++) Assert.Equal(dx[i], dxf[i], 5e-6);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(3, 1)]
    [InlineData(2, 3)]
    public void MaxPool2D_FastVersion_MatchesThePlainLoops_BitForBit(int pool, int stride)
    {
        // Taking a maximum is exact, so the vector version must give the plain loops' bits: the same maxima, and the
        // gradients sent to the same places (ties, from values in halves, to the first in reading order). 1 and 3
        // channels are scalar only; 13 is a vector of 8 floats (or two of 4 doubles) and a tail; 32 is vectors only.
        // Stride 3 leaves gaps between 2×2 windows, stride 1 and 2 with pool 3 overlap them. Backward runs twice: the
        // second must clear what the first left (here filled with 7s).
        var rng = new NumPyRandomState((uint)(pool * 10 + stride));
        uint seed = 1;
        foreach (int channels in new[] { 1, 3, 13, 32 })
        {
            var shape = new ImageShape((int)rng.RandInt(pool, 16), (int)rng.RandInt(pool, 16), channels);
            int n = (int)rng.RandInt(1, 5);
            var x = FiniteDifferences.RandomMatrix(n, shape.Size, seed++).ToArray().Select(v => Math.Round(v * 2) / 2).ToArray();
            AssertFastMatchesPlain<double>(shape, pool, stride, n, x, seed++);
            AssertFastMatchesPlain<float>(shape, pool, stride, n, x, seed++);
        }
    }

    private static void AssertFastMatchesPlain<T>(ImageShape shape, int pool, int stride, int n, double[] x, uint seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (plain, fast) = (new MaxPool2D<T>(pool, stride), new MaxPool2D<T>(pool, stride));
        plain.Build(shape.Size, shape, new NumPyRandomState(0));
        fast.Build(shape.Size, shape, new NumPyRandomState(0));
        var input = new Matrix<T>(n, shape.Size, x.Select(T.CreateChecked).ToArray());
        var gradient = new Matrix<T>(n, plain.OutputSize, FiniteDifferences.RandomMatrix(n, plain.OutputSize, seed).ToArray().Select(T.CreateChecked).ToArray());
        string what = $"{typeof(T).Name}, {shape}, pool {pool}, stride {stride}, {n} images";
        Assert.True(FloatBits.Same(plain.ForwardPlain(input), fast.Forward(input)), $"Y differs: {what}");
        plain.BackwardPlain(gradient).Fill(T.CreateChecked(7));
        fast.Backward(gradient).Fill(T.CreateChecked(7));
        Assert.True(FloatBits.Same(plain.BackwardPlain(gradient), fast.Backward(gradient)), $"∂E/∂X differs: {what}");
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(3, 1)]
    public void MaxPool2D_GradientsMatchFiniteDifferences(int pool, int stride)
    {
        var shape = new ImageShape(7, 6, 3);
        Assert.True(FiniteDifferences.LayerInputError(Built(shape, pool, stride), FiniteDifferences.RandomMatrix(2, shape.Size, 9)) < 1e-6);

        // In a network: convolution → ReLU → pooling → dense, every weight checked.
        double error = ImageGradientCheck.MaxParameterError(shape,
            [new Conv2D<double>(4, 3, padding: Padding.Same, weights: new Initializer.Normal(0, 0.5), biasInit: new Initializer.Normal(0, 0.1)),
             new ReLU<double>(), new MaxPool2D<double>(pool, stride)], 3, seed: 3);
        // A few weights feed pooled values that are nearly always small, so their gradients are near 1e-6, and there the
        // loss's rounding (about 1e-16 / h = 1e-10) is already 1e-4 of the gradient. A wrong route through the pooling
        // gives errors near 1.
        Assert.True(error < 1e-3, $"relative error {error}");
    }

    [Fact]
    public void MaxPool2D_Apply_GivesForwardsNumbers()
    {
        var shape = new ImageShape(8, 8, 5);
        var layer = Built(shape, 2);
        var x = FiniteDifferences.RandomMatrix(4, shape.Size, 1);
        var applied = new Matrix<double>(4, layer.OutputSize);
        layer.Apply(x, applied);
        Assert.Equal(layer.Forward(x).ToArray(), applied.ToArray());
    }
}
