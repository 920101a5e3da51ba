using Backprop.Layers;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>The flops a training step does per example, counted from the architecture, against the numbers worked by hand.</summary>
public class TrainingFlopsTests
{
    [Fact]
    public void TheFashionMlp_Does409364FlopsAnExample()
    {
        var network = new Network<float>(784, [new Dense<float>(128), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()]);
        // Dense 784→128, the first layer: X·W is 2·784·128 = 200,704 flops (a multiply and an add per term), + 128 bias
        // adds; ∂E/∂W = Xᵀ·δ the same 200,704 + the 128 adds of ∂E/∂b; no ∂E/∂X (nothing upstream needs it).
        // Dense 128→10: 2·128·10 = 2,560 + 10 forward, 2,560 + 10 for ∂E/∂W and ∂E/∂b, 2,560 for ∂E/∂X = δ·Wᵀ.
        // ReLU and Softmax: no products.
        Assert.Equal(
            [new("Dense", 200_832, 200_832, 0), new("ReLU", 0, 0, 0), new("Dense", 2_570, 2_570, 2_560), new("Softmax", 0, 0, 0)],
            TrainingFlops.PerLayer(network));
        // 4 flops per parameter (4 × 101,770 = 407,080) counts each bias as two multiply-adds where it is one add each
        // way (−2 · 138 = −276) and leaves out the second layer's ∂E/∂X (+2,560): 407,080 − 276 + 2,560 = 409,364.
        Assert.Equal(409_364, TrainingFlops.PerExample(network));
        Assert.Equal(24_561_840_000, TrainingFlops.PerEpoch(network, 60_000));
    }

    [Fact]
    public void TheValidCnn_Does15455892FlopsAnExample()
    {
        var network = new Network<float>(new ImageShape(28, 28, 1),
            [new Conv2D<float>(32, 3), new ReLU<float>(), new MaxPool2D<float>(2), new Conv2D<float>(64, 3), new ReLU<float>(),
             new MaxPool2D<float>(2), new Flatten<float>(), new Dense<float>(128), new ReLU<float>(), new Dense<float>(10)]);
        var layers = TrainingFlops.PerLayer(network).Where(l => l.Training > 0).ToArray();
        // conv32x3 on 28×28×1, valid: 26·26 = 676 output pixels, each a window of 3·3·1 = 9 values against 9 × 32 weights:
        // 2·676·9·32 = 389,376, + 676·32 = 21,632 bias adds; the same for ∂E/∂W and ∂E/∂b; no ∂E/∂X (first layer).
        // maxpool2 → 13×13×32. conv64x3, valid: 11·11 = 121 pixels, windows of 3·3·32 = 288: 2·121·288·64 = 4,460,544,
        // + 121·64 = 7,744; ∂E/∂X the 4,460,544 alone. maxpool2 → 5×5×64 = 1,600. Dense 1600→128: 2·1600·128 = 409,600
        // + 128. Dense 128→10: 2,560 + 10.
        Assert.Equal(
            [new("Conv2D", 411_008, 411_008, 0), new("Conv2D", 4_468_288, 4_468_288, 4_460_544),
             new("Dense", 409_728, 409_728, 409_600), new("Dense", 2_570, 2_570, 2_560)],
            layers);
        Assert.Equal(822_016 + 13_397_120 + 1_229_056 + 7_700, TrainingFlops.PerExample(network));
    }

    [Fact]
    public void TheSamePaddedCnn_CountsEveryOutputPixel()
    {
        var network = new Network<float>(new ImageShape(28, 28, 1),
            [new Conv2D<float>(32, 3, padding: Padding.Same), new MaxPool2D<float>(2), new Conv2D<float>(64, 3, padding: Padding.Same),
             new MaxPool2D<float>(2), new Flatten<float>(), new Dense<float>(128), new Dense<float>(10)]);
        // 28·28 pixels of 9 against 32: 451,584 + 25,088; pooled to 14×14×32, 14·14 pixels of 288 against 64: 7,225,344
        // + 12,544; pooled to 7×7×64 = 3,136 inputs to 128: 802,816 + 128; 128→10: 2,560 + 10.
        Assert.Equal(2 * 476_672 + 3 * 7_225_344 + 2 * 12_544 + 3 * 802_816 + 2 * 128 + 3 * 2_560 + 2 * 10, TrainingFlops.PerExample(network));
        Assert.Equal(25_070_868, TrainingFlops.PerExample(network));
    }
}
