using Backprop.Data;
using Backprop.Tensors;

namespace Backprop.Tests;

public sealed class NormalizerTests
{
    // Column 0: 1, 2, 3 (mean 2, population variance 2/3); column 1 is constant.
    private static readonly Matrix<double> Train = Matrix<double>.FromRows([1, 5], [2, 5], [3, 5]);

    [Fact]
    public void Standard_FitsMeanAndPopulationDeviationOnTheTrainingRows()
    {
        var norm = Normalizer.Fit(NormalizationKind.Standard, Train);

        Assert.Equal(new[] { 2.0, 5.0 }, norm.Offset);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), norm.Scale[0], 15);
        Assert.Equal(1.0, norm.Scale[1]); // a zero spread becomes scale 1
    }

    [Fact]
    public void Standard_AppliesTrainingStatisticsToTestRows()
    {
        var norm = Normalizer.Fit(NormalizationKind.Standard, Train);
        var test = Matrix<double>.FromRows([4, 7]);
        norm.Apply(test);

        // (4 − 2) / √(2/3) and (7 − 5) / 1: the test row's own values never enter the statistics.
        Assert.Equal(2 / Math.Sqrt(2.0 / 3.0), test[0, 0], 14);
        Assert.Equal(2.0, test[0, 1]);
    }

    [Fact]
    public void Standard_TrainingColumnsEndWithZeroMeanAndUnitVariance()
    {
        var x = Train.Clone();
        Normalizer.Fit(NormalizationKind.Standard, x).Apply(x);
        double[] column = [x[0, 0], x[1, 0], x[2, 0]];

        Assert.Equal(0.0, column.Average(), 14);
        Assert.Equal(1.0, column.Select(v => v * v).Average(), 14);
        Assert.Equal(new double[] { 0, 0, 0 }, new[] { x[0, 1], x[1, 1], x[2, 1] });
    }

    [Fact]
    public void MinMax_MapsTheTrainingRangeToZeroOne()
    {
        var norm = Normalizer.Fit(NormalizationKind.MinMax, Train);
        Span<double> row = [2.5, 5];
        norm.Apply(row);

        Assert.Equal(new[] { 1.0, 5.0 }, norm.Offset);
        Assert.Equal(new[] { 2.0, 1.0 }, norm.Scale);
        Assert.Equal(new[] { 0.75, 0.0 }, row.ToArray());
    }

    [Fact]
    public void None_LeavesValuesAsTheyAre()
    {
        var norm = Normalizer.Fit(NormalizationKind.None, Train);
        var x = Train.Clone();
        norm.Apply(x);

        Assert.Equal(Train.ToArray(), x.ToArray());
        Assert.Equal(new[] { 0.0, 0.0 }, norm.Offset);
        Assert.Equal(new[] { 1.0, 1.0 }, norm.Scale);
    }

    [Fact]
    public void Normalizer_RestoredFromItsArrays_GivesTheSameResult()
    {
        var fitted = Normalizer.Fit(NormalizationKind.Standard, Train);
        var restored = new Normalizer(fitted.Kind, fitted.Offset, fitted.Scale);
        Span<float> a = [4f, 7f], b = [4f, 7f];
        fitted.Apply(a);
        restored.Apply(b);

        Assert.Equal(NormalizationKind.Standard, restored.Kind);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Normalizer_FittedOnADataSet_MatchesTheFitOnItsMatrix()
    {
        var data = SyntheticData.Spirals<double>(samples: 90, seed: 3);
        var byMatrix = Normalizer.Fit(NormalizationKind.Standard, data.Inputs);
        // Hidden behind GatherOnly, the data set is read in batches through Gather.
        var byBatches = Normalizer.Fit(NormalizationKind.Standard, new GatherOnly(data));

        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(byMatrix.Offset[c], byBatches.Offset[c], 14);
            Assert.Equal(byMatrix.Scale[c], byBatches.Scale[c], 14);
        }
    }

    [Fact]
    public void Normalizer_AppliedToADataSet_LeavesTheOriginalUnchanged()
    {
        var data = InMemoryDataset<double>.FromRows([[1], [3]], [[0], [1]], ["a", "b"]);
        var norm = Normalizer.Fit(NormalizationKind.MinMax, data);
        var scaled = (InMemoryDataset<double>)norm.Apply(data);
        var viewed = norm.Apply(new GatherOnly(data)).ToMatrices().Inputs;

        Assert.Equal(new[] { 1.0, 3.0 }, data.Inputs.ToArray());
        Assert.Equal(new[] { 0.0, 1.0 }, scaled.Inputs.ToArray());
        Assert.Equal(new[] { 0.0, 1.0 }, viewed.ToArray());
        Assert.Equal(data.LabelNames, scaled.LabelNames);
    }

    [Fact]
    public void ParseKind_UnknownName_ListsTheChoices()
    {
        Assert.Equal(NormalizationKind.MinMax, Normalizer.ParseKind("MinMax"));
        var e = Assert.Throws<BackpropException>(() => Normalizer.ParseKind("robust"));
        Assert.Contains("none, minmax or standard", e.Message);
    }

    /// <summary>Hides the in-memory type, so code under test must go through Gather.</summary>
    private sealed class GatherOnly(InMemoryDataset<double> inner) : Dataset<double>
    {
        public override int Count => inner.Count;
        public override int InputSize => inner.InputSize;
        public override int TargetSize => inner.TargetSize;
        public override void Gather(ReadOnlySpan<int> indices, Matrix<double> inputs, Matrix<double> targets) =>
            inner.Gather(indices, inputs, targets);
    }
}
