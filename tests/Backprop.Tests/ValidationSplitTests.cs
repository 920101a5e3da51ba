using Backprop.Data;

namespace Backprop.Tests;

public sealed class ValidationSplitTests
{
    [Fact]
    public void ValidationSplit_HoldsOutTheSeededFraction()
    {
        var data = InMemoryDataset<double>.FromRows(
            Enumerable.Range(0, 10).Select(i => new double[] { i }).ToArray(),
            Enumerable.Range(0, 10).Select(i => new double[] { i % 2 }).ToArray());
        var (train, validation) = ValidationSplit.Split(data, 0.25, seed: 7);
        var (train2, validation2) = ValidationSplit.Split(data, 0.25, seed: 7);

        Assert.NotNull(validation);
        Assert.Equal(3, validation.Count); // ⌈0.25 · 10⌉
        Assert.Equal(7, train.Count);
        double[] all = [.. train.ToMatrices().Inputs.ToArray(), .. validation.ToMatrices().Inputs.ToArray()];
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), all.Order());
        Assert.Equal(validation.ToMatrices().Inputs.ToArray(), validation2!.ToMatrices().Inputs.ToArray());
        Assert.Equal(train.ToMatrices().Inputs.ToArray(), train2.ToMatrices().Inputs.ToArray());
    }

    [Fact]
    public void ValidationSplit_OfZero_GivesNoValidationSet()
    {
        var data = ToyData.Xor<double>();
        var (train, validation) = ValidationSplit.Split(data, 0, seed: 1);

        Assert.Same(data, train);
        Assert.Null(validation);
    }

    [Fact]
    public void ValidationSplit_OfOne_IsRejected() =>
        Assert.Throws<BackpropException>(() => ValidationSplit.Split(ToyData.Xor<double>(), 1, seed: 1));
}
