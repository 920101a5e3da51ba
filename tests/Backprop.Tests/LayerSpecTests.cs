using Backprop.Layers;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Tests;

public class LayerSpecTests
{
    [Fact]
    public void ParseList_ReadsDenseConvolutionPoolingDropoutAndFlatten()
    {
        LayerSpec[] expected =
        [
            new LayerSpec.Convolution(32, 3), new LayerSpec.MaxPool(2, 2), new LayerSpec.Convolution(64, 5, 2, Padding.Same),
            new LayerSpec.MaxPool(3, 2), new LayerSpec.Flatten(), new LayerSpec.Dense(128), new LayerSpec.Dropout(0.25),
        ];
        Assert.Equal(expected, LayerSpec.ParseList("conv32x3, maxpool2, conv64x5-s2-same, MaxPool3-s2, flatten, 128, dropout0.25"));
        Assert.Equal(expected, LayerSpec.ParseList(string.Join(",", expected.Select(l => l.ToString()))));
        Assert.Empty(LayerSpec.ParseList(""));
    }

    [Fact]
    public void NumbersAlone_StayDenseLayers()
    {
        Assert.Equal([new LayerSpec.Dense(128), new LayerSpec.Dense(64)], LayerSpec.ParseList("128,64"));
    }

    [Theory]
    [InlineData("conv32", "it is not a layer")]
    [InlineData("conv0x3", "at least 1")]
    [InlineData("maxpool2-s0", "at least 1")]
    [InlineData("dropout1", "below 1")]
    [InlineData("dropout", "below 1")]
    [InlineData("0", "at least 1")]
    [InlineData("dense128", "it is not a layer")]
    public void BadLayer_IsAnErrorShowingTheForms(string text, string why)
    {
        var e = Assert.Throws<BackpropException>(() => LayerSpec.ParseList("64," + text));
        Assert.Contains($"'{text}'", e.Message);
        Assert.Contains(why, e.Message);
        Assert.Contains("conv32x3 (32 filters of 3×3", e.Message);
    }

    [Fact]
    public void Recipe_FollowsConvolutionsAndDenseLayersWithTheActivation_AndFlattensBeforeTheFirstDense()
    {
        var recipe = new NetworkRecipe(LayerSpec.ParseList("conv8x3,maxpool2,conv16x3-same,maxpool2,32,dropout0.5"), "relu", "softmax-crossentropy")
        {
            InputShape = new ImageShape(28, 28, 1),
        };
        var network = recipe.Build<float>(784, 10, new NumPyRandomState(1));
        // ReLU goes after the pooling it commutes with (see the next test).
        Assert.Equal(["Conv2D", "MaxPool2D", "ReLU", "Conv2D", "MaxPool2D", "ReLU", "Flatten", "Dense", "ReLU", "Dropout", "Dense", "Softmax"],
            network.Layers.Select(l => l.Name));
        // 28 → 26 (valid 3×3) → 13 (pool) → 13 (same) → 6 (pool, floor): 6·6·16 = 576 values into the Dense layer.
        Assert.Equal(new ImageShape(6, 6, 16), network.Layers[5].OutputShape);
        Assert.Equal(new ImageShape(6, 6, 16), network.Layers[4].OutputShape);
        Assert.Equal(576, network.Layers[7].InputSize);
    }

    [Fact]
    public void ReLUAfterPooling_GivesBitForBitTheValuesAndGradientsOfReLUBeforeIt()
    {
        // max(relu(x)) = relu(max(x)), and either way the gradient reaches the window's first maximum when it is
        // positive and nothing otherwise; exact zeros and ties included (values rounded to halves make both).
        Network<double> Build(bool reluFirst)
        {
            ILayer<double>[] convolution = [new Conv2D<double>(6, 3, padding: Padding.Same, weights: new Initializer.Normal(0, 0.5), biasInit: new Initializer.Normal(0, 0.5))];
            ILayer<double>[] middle = reluFirst ? [new ReLU<double>(), new MaxPool2D<double>(2)] : [new MaxPool2D<double>(2), new ReLU<double>()];
            return new Network<double>(new ImageShape(8, 8, 2), [.. convolution, .. middle, new Flatten<double>(), new Dense<double>(3)], new NumPyRandomState(2));
        }
        var x = FiniteDifferences.RandomMatrix(4, 128, 3);
        for (int i = 0; i < x.Length; i++) x.AsSpan()[i] = Math.Round(x.AsSpan()[i] * 2) / 2;
        var g = FiniteDifferences.RandomMatrix(4, 3, 4);
        var (before, after) = (Build(reluFirst: true), Build(reluFirst: false));
        Assert.Equal(before.Forward(x).ToArray(), after.Forward(x).ToArray());
        before.Backward(g);
        after.Backward(g);
        Assert.Equal(before.Parameters.Select(p => p.Gradient.ToArray()), after.Parameters.Select(p => p.Gradient.ToArray()));
    }

    [Fact]
    public void Recipe_WithConvolutionButNoInputShape_SaysHowToGiveIt()
    {
        var recipe = new NetworkRecipe(LayerSpec.ParseList("conv8x3,16"), "relu", "softmax-crossentropy");
        var e = Assert.Throws<BackpropException>(() => recipe.Build<float>(784, 10, new NumPyRandomState(1)));
        Assert.Contains("--input-shape HxWxC, such as 28x28x1", e.Message);
    }

    [Fact]
    public void Recipe_WhoseInputShapeDoesNotHoldTheInputs_SaysBothCounts()
    {
        var recipe = new NetworkRecipe(LayerSpec.ParseList("conv8x3"), "relu", "mse") { InputShape = new ImageShape(5, 5, 1) };
        var e = Assert.Throws<BackpropException>(() => recipe.Build<float>(24, 1, new NumPyRandomState(1)));
        Assert.Contains("--input-shape 5x5x1 holds 25 values per image, but the data has 24 input columns", e.Message);
    }

    [Theory]
    [InlineData("28x28x1", 28, 28, 1)]
    [InlineData("32×32×3", 32, 32, 3)]
    public void ImageShape_Parses(string text, int h, int w, int c) => Assert.Equal(new ImageShape(h, w, c), ImageShape.Parse(text));

    [Theory]
    [InlineData("28x28")]
    [InlineData("28x0x1")]
    [InlineData("axbxc")]
    public void ImageShape_BadText_SaysWhatItShouldLookLike(string text)
    {
        var e = Assert.Throws<BackpropException>(() => ImageShape.Parse(text, "--input-shape"));
        Assert.Contains("--input-shape must be height x width x channels", e.Message);
    }
}
