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

/// <summary>The stratified split holds out each class in proportion.</summary>
public class StratifiedSplitTests
{
    [Fact]
    public void EachClass_IsHeldOutInProportion_WithTheSameSeedGivingTheSameSplit()
    {
        // 60 of class a, 30 of b, 10 of c: a 20 % split holds out 12, 6 and 2.
        string[] labels = [.. Enumerable.Repeat("a", 60), .. Enumerable.Repeat("b", 30), .. Enumerable.Repeat("c", 10)];
        var names = new[] { "a", "b", "c" };
        var data = Data.InMemoryDataset<double>.FromRows([.. labels.Select((_, i) => new double[] { i })],
            [.. labels.Select(l => names.Select(n => n == l ? 1.0 : 0.0).ToArray())], names);
        var (train, validation) = Data.ValidationSplit.Stratified(data, 0.2, seed: 5);
        var counts = validation!.ToMatrices().Targets.ToRows().GroupBy(r => Array.IndexOf(r, 1.0)).OrderBy(g => g.Key).Select(g => g.Count());
        Assert.Equal([12, 6, 2], counts);
        Assert.Equal(80, train.Count);
        var (_, again) = Data.ValidationSplit.Stratified(data, 0.2, seed: 5);
        Assert.Equal(validation.ToMatrices().Inputs.ToArray(), again!.ToMatrices().Inputs.ToArray());
    }
}
