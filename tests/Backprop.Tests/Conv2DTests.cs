using System.Numerics;
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

        // The plain version too: one product over the whole batch.
        var plain = Built(shape, filters, k, weights, bias, stride, same ? Padding.Same : Padding.Valid);
        AssertClose(expectedY, plain.ForwardPlain(x).ToArray(), 1e-12);
        AssertClose(expectedDx, plain.BackwardPlain(g).ToArray(), 1e-12);
        AssertClose(expectedDw, plain.Weights.Gradient.ToArray(), 1e-12);
        AssertClose(expectedDb, plain.Bias!.Gradient.ToArray(), 1e-12);
    }

    public static TheoryData<bool, int, int> PlainAndFastCases()
    {
        var cases = new TheoryData<bool, int, int>();
        foreach (bool same in new[] { false, true })
            foreach (int stride in new[] { 1, 2 })
                foreach (int channels in new[] { 1, 3 })
                    cases.Add(same, stride, channels);
        return cases;
    }

    [Theory]
    [MemberData(nameof(PlainAndFastCases))]
    public void Conv2D_FastVersion_MatchesThePlainOne_OnRandomShapes(bool same, int stride, int channels)
    {
        // Height, width, kernel and filters drawn at random; batches of one block, of a few blocks whose windows are kept
        // from Forward to Backward, and of more windows than are kept (unfolded again in Backward); float and double.
        var rng = new NumPyRandomState((uint)((same ? 100 : 0) + stride * 10 + channels));
        int k = (int)rng.RandInt(1, 6), height = (int)rng.RandInt(k + 1, 19), width = (int)rng.RandInt(k + 1, 19), filters = (int)rng.RandInt(1, 13);
        var shape = new ImageShape(height, width, channels);
        var padding = same ? Padding.Same : Padding.Valid;
        var probe = new Conv2D<float>(filters, k, stride, padding);
        probe.Build(shape.Size, shape, new NumPyRandomState(0));
        int block = probe.ImagesPerBlock, perImageValues = probe.OutputShape!.Value.Pixels * k * k * channels;
        int[] batches = [(int)rng.RandInt(1, Math.Min(block, 6) + 1), 2 * block + (int)rng.RandInt(1, block + 1),
                         (int)(Conv2D<float>.KeptWindowValues / perImageValues) + (int)rng.RandInt(1, block + 1)];
        Assert.True(batches[1] * (long)perImageValues <= Conv2D<float>.KeptWindowValues, $"{shape}, kernel {k}: {batches[1]} images are not kept");
        uint seed = 1;
        foreach (int n in batches)
        {
            AssertFastMatchesPlain<double>(shape, filters, k, stride, padding, n, seed++, block);
            AssertFastMatchesPlain<float>(shape, filters, k, stride, padding, n, seed++, block);
        }
    }

    /// <summary>
    /// Y, ∂E/∂b and ∂E/∂X bit for bit: every product of the blocked version sums over the same K as the plain one (the
    /// window values, or the filters), and the packed GEMM's arithmetic for an element depends on K alone, not on how
    /// many rows the product has (GemmDriver.Compute); the bias is summed over the same rows in the same order, and
    /// the folding goes image by image in both. ∂E/∂W = Pᵀ·δ sums over the batch's windows, which the blocked version
    /// does block after block: a different order of the same K = n·windows products, so bit for bit only for a batch of
    /// one block, else within rounding. Any order of a sum of K products lies within γ_K·Σ|p·δ| of the exact sum, γ_K =
    /// K·u / (1 − K·u) with u the unit roundoff (Higham, Accuracy and Stability of Numerical Algorithms, §3.1; a fused
    /// multiply-add only rounds less), so the two lie within 2·γ_K·(|P|ᵀ·|δ|) of each other, element by element.
    /// The pixels and δ are positive here (pixels are, after a ReLU or as an image's intensities), so |P|ᵀ·|δ| is
    /// ∂E/∂W itself and the bound relative: a block left out or summed twice moves ∂E/∂W by at least one image's share
    /// of the batch (6e-5 or more here), far outside it in double (2·γ_K about 5e-10 at most). In float it is looser
    /// (2·γ_K up to about 0.3 for the largest batches' 2 M window values); there the double runs pin the blocks down.
    /// </summary>
    private static void AssertFastMatchesPlain<T>(ImageShape shape, int filters, int k, int stride, Padding padding, int n, uint seed, int block)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = FiniteDifferences.RandomMatrix(k * k * shape.Channels, filters, seed, 0.3).ToArray();
        var b = FiniteDifferences.RandomMatrix(1, filters, seed + 1000).ToArray();
        Conv2D<T> Layer()
        {
            var layer = new Conv2D<T>(filters, k, stride, padding, weights: new Initializer.Values(w), biasInit: new Initializer.Values(b));
            layer.Build(shape.Size, shape, new NumPyRandomState(0));
            return layer;
        }
        var (plain, fast) = (Layer(), Layer());
        var (input, gradient) = (Positive<T>(n, shape.Size, seed + 2000), Positive<T>(n, plain.OutputSize, seed + 3000));
        string what = $"{typeof(T).Name}, {shape}, {filters} filters of {k}×{k}, stride {stride}, {padding}, {n} images";

        Assert.True(FloatBits.Same(plain.ForwardPlain(input), fast.Forward(input)), $"Y differs: {what}");
        // Left from an earlier step: Backward must overwrite it, not add to it.
        plain.Weights.Gradient.Fill(T.CreateChecked(7));
        fast.Weights.Gradient.Fill(T.CreateChecked(7));
        Assert.True(FloatBits.Same(plain.BackwardPlain(gradient), fast.Backward(gradient)), $"∂E/∂X differs: {what}");
        Assert.True(FloatBits.Same(plain.Bias!.Gradient, fast.Bias!.Gradient), $"∂E/∂b differs: {what}");
        var (dwPlain, dwFast) = (plain.Weights.Gradient.ToArray(), fast.Weights.Gradient.ToArray());
        if (n <= block)
        {
            Assert.True(FloatBits.Same(plain.Weights.Gradient, fast.Weights.Gradient), $"∂E/∂W differs in one block: {what}");
            return;
        }
        // |P|ᵀ·|δ| = Pᵀ·δ for positive values, in double from the very values the layers saw.
        var im2col = new Im2Col(shape, new SlidingWindow(k, stride, padding));
        var windows = new Matrix<double>(n * im2col.WindowsPerImage, im2col.PatchSize);
        im2col.Unfold(AsDouble(input), 0, n, windows, 0);
        var magnitude = new Matrix<double>(im2col.PatchSize, filters);
        Gemm.Multiply(windows, AsDouble(gradient).WithRowWidth(filters), magnitude, transposeA: true);
        double kU = windows.Rows * UnitRoundoff<T>();
        double gamma = kU / (1 - kU);
        var bound = magnitude.ToArray();
        for (int i = 0; i < dwPlain.Length; i++)
        {
            double difference = Math.Abs(double.CreateChecked(dwPlain[i]) - double.CreateChecked(dwFast[i]));
            Assert.True(difference <= 2 * gamma * bound[i], $"∂E/∂W[{i}]: plain {dwPlain[i]}, fast {dwFast[i]}, bound {2 * gamma * bound[i]}: {what}");
        }
    }

    private static double UnitRoundoff<T>() where T : unmanaged, IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);

    /// <summary>|standard normal| values: positive, as pixels and, here, δ.</summary>
    private static Matrix<T> Positive<T>(int rows, int columns, uint seed) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(rows, columns, FiniteDifferences.RandomMatrix(rows, columns, seed).ToArray().Select(v => T.CreateChecked(Math.Abs(v))).ToArray());

    private static Matrix<double> AsDouble<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(m.Rows, m.Columns, m.ToArray().Select(double.CreateChecked).ToArray());

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
