using Backprop.Training;

namespace Backprop.Tests;

/// <summary>A network too big for memory is refused before anything is allocated, with its size in bytes.</summary>
public class MemoryEstimateTests
{
    [Fact]
    public void TheEstimate_CountsWeightsGradientsOptimizerStateAndBatchBuffers()
    {
        var recipe = new NetworkRecipe([5], "relu", "softmax-crossentropy");
        // 3 inputs → 5 → 2, Adam (two buffers), batches of 32 (evaluation uses 256 rows):
        // weights 3·5 + 5 and 5·2 + 2 values, four copies each (values, gradients, m, v); then per layer 256·(out + in) + 256·2·out.
        long values = (20 + 12) * 4 + 256L * (5 + 3) + 256L * 2 * 5 + 256L * (2 + 5) + 256L * 2 * 2;
        Assert.Equal(values * sizeof(float), MemoryEstimate.TrainingBytes<float>(recipe, 3, 2, 32, "adam"));
        Assert.Equal((values - 32 * 2) * sizeof(double), MemoryEstimate.TrainingBytes<double>(recipe, 3, 2, 32, "sgd"));
    }

    [Fact]
    public void AWideNetwork_IsRefusedWithItsSize_InLongArithmetic()
    {
        var recipe = new NetworkRecipe([1_000_000_000], "relu", "mse");
        long bytes = MemoryEstimate.TrainingBytes<float>(recipe, 2, 1, 32, "adam");
        Assert.True(bytes > 60L * 1024 * 1024 * 1024, $"{bytes}");
        var e = Assert.Throws<BackpropException>(() => MemoryEstimate.Check<float>(recipe, 2, 1, 32, "adam"));
        Assert.Contains($"{bytes:N0} bytes", e.Message);
        Assert.Contains("use smaller layers", e.Message);
    }

    [Fact]
    public void ALayerOfMoreWeightsThanAnArrayHolds_IsRefusedWithoutOverflow()
    {
        var e = Assert.Throws<BackpropException>(() => MemoryEstimate.TrainingBytes<float>(new NetworkRecipe([100_000, 100_000], "relu", "mse"), 4, 1, 32, "sgd"));
        Assert.Contains("10,000,000,000 weights", e.Message);
    }
}
