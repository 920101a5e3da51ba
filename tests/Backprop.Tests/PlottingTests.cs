using System.Globalization;
using System.Xml.Linq;
using Backprop.Plotting;

namespace Backprop.Tests;

public class PlottingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(Chart chart)
    {
        var document = XDocument.Parse(chart.ToSvg());
        Assert.Equal(Svg + "svg", document.Root!.Name);
        return document;
    }

    private static IEnumerable<XElement> WithClass(XDocument document, string cssClass) =>
        document.Descendants().Where(e => (string?)e.Attribute("class") == cssClass);

    private static string[] Texts(XDocument document, string cssClass) => WithClass(document, cssClass).Select(e => e.Value).ToArray();

    private static LineChart TwoErrorCurves() =>
        new LineChart("Error", "iteration", "cumulative error")
            .Add("learning rate 0.1", [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000], [3.07, 2.1, 1.5, 1.1, 0.8, 0.6, 0.45, 0.3, 0.2, 0.1])
            .Add("learning rate 0.5", [100, 200, 300, 400, 500], [2.5, 1.2, 0.6, 0.3, 0.15]);

    [Fact]
    public void NiceTicks_CoverTheRangeWithOneTwoFiveSteps()
    {
        Assert.Equal([0, 0.5, 1, 1.5, 2, 2.5, 3], Axis.NiceTicks(0, 3.07, 6));
        Assert.Equal([0, 1, 2, 3], Axis.NiceTicks(0, 3.07, 4));
        Assert.Equal([200, 400, 600, 800, 1000], Axis.NiceTicks(100, 1000, 5));
        foreach (var (min, max) in new[] { (0.0, 1.0), (-3.7, 12.2), (1e-5, 3e-5), (0, 10000) })
        {
            double step = Axis.NiceStep(max - min, 6);
            double leading = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
            Assert.Contains(Math.Round(leading, 6), new[] { 1.0, 2, 5 });
            Assert.InRange(Axis.NiceTicks(min, max, 6).Length, 3, 12);
        }
    }

    [Fact]
    public void TickLabels_ShowAsManyDecimalsAsTheStepNeeds()
    {
        Assert.Equal("2.5", Axis.FormatTick(2.5, 0.5));
        Assert.Equal("0.0", Axis.FormatTick(-1e-17, 0.5));
        Assert.Equal("400", Axis.FormatTick(400, 200));
        Assert.Equal("0.30", Axis.FormatTick(0.1 + 0.2, 0.05));
    }

    [Fact]
    public void LogTicks_ArePowersOfTenOverManyDecades()
    {
        Assert.Equal([1e-4, 1e-3, 1e-2, 1e-1, 1], Axis.LogTicks(5e-5, 2, 8));
        Assert.Equal([2, 5, 10, 20, 50], Axis.LogTicks(1.5, 60, 8));
    }

    [Fact]
    public void LineChart_HasAPathPerSeriesTheTitleAxisLabelsAndLegend()
    {
        var document = Parse(TwoErrorCurves());

        Assert.Equal(2, WithClass(document, "series").Count());
        Assert.Equal(["Error"], Texts(document, "title"));
        Assert.Equal(["iteration", "cumulative error"], Texts(document, "axis-label"));
        Assert.Equal(["learning rate 0.1", "learning rate 0.5"], Texts(document, "legend-entry"));
    }

    [Fact]
    public void LineChart_LabelsTicksForAKnownRange()
    {
        var chart = new LineChart { YRange = (0, 3.07) }.Add("error", [0, 1, 2, 3], [0, 1, 2, 3.07]);
        string[] labels = Texts(Parse(chart), "tick-label");

        bool halves = new[] { "0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0" }.All(labels.Contains);
        bool wholes = new[] { "0", "1", "2", "3" }.All(labels.Contains);
        Assert.True(halves || wholes, string.Join(", ", labels));
    }

    [Fact]
    public void LineChart_WholeNumbersX_TicksThreeEpochsAt1_2_3Only()
    {
        double[] epochs = [1, 2, 3], loss = [190, 150, 120];
        // The y labels (100 to 200) stay clear of the x labels (1 to 3), so the small numbers are the x axis's.
        double[] XTicks(LineChart chart) => [.. Texts(Parse(chart), "tick-label")
            .Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).Where(v => v < 10)];
        // Without the setting, three epochs on a wide axis get ticks between the epochs.
        Assert.Contains(XTicks(new LineChart { YRange = (100, 200) }.Add("loss", epochs, loss)), v => v != Math.Round(v));
        Assert.Equal([1.0, 2.0, 3.0], XTicks(new LineChart { YRange = (100, 200), WholeNumbersX = true }.Add("loss", epochs, loss)));
        string[] labels = Texts(Parse(new LineChart { YRange = (100, 200), WholeNumbersX = true }.Add("loss", epochs, loss)), "tick-label");
        Assert.Contains("2", labels);          // labelled as the counts they are, not "2.0"
        Assert.DoesNotContain("2.0", labels);
    }

    [Fact]
    public void LineChart_OnALogScaleLabelsPowersOfTen()
    {
        var chart = new LineChart { LogY = true }.Add("loss", [0, 1, 2, 3], [1, 0.1, 0.01, 0.001]);
        string[] labels = Texts(Parse(chart), "tick-label");

        Assert.Contains("0.001", labels);
        Assert.Contains("1", labels);
    }

    [Fact]
    public void LineChart_ThinsALongCurveToKeepTheFileSmall()
    {
        double[] x = Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray();
        double[] y = x.Select(v => Math.Exp(-v / 2000) * (1 + 0.3 * Math.Sin(v * 7.3))).ToArray();

        string svg = new LineChart().Add("loss", x, y).ToSvg();

        Assert.InRange(svg.Length, 1, 60_000);
        Assert.Single(WithClass(XDocument.Parse(svg), "series"));
    }

    [Fact]
    public void NonFiniteValues_AreSkippedNotWritten()
    {
        var line = new LineChart { LogY = true }
            .Add("loss", [0, 1, 2, 3, 4, double.NaN], [1, double.NaN, 0.5, double.PositiveInfinity, -1, 0.2]);
        var scatter = new ScatterChart().AddPoints([0, double.NaN, 1], [0, 1, double.NegativeInfinity], [0, 1, 1]);
        var heat = new HeatMap(new[,] { { 1, double.NaN }, { double.PositiveInfinity, 4 } });

        foreach (Chart chart in new Chart[] { line, scatter, heat })
        {
            string svg = chart.ToSvg();
            Assert.DoesNotContain("NaN", svg);
            Assert.DoesNotContain("Infinity", svg);
            Assert.DoesNotContain("∞", svg);
            XDocument.Parse(svg);
        }
        Assert.Single(WithClass(XDocument.Parse(scatter.ToSvg()), "point"));
        Assert.Equal(["1", "4"], Texts(XDocument.Parse(heat.ToSvg()), "value"));
    }

    [Fact]
    public void SpecialCharactersInTitles_AreEscaped()
    {
        const string title = "Loss <train> & \"test\" 'σ'";
        var chart = new LineChart(title, "x < 1", "y > 0").Add("a & b", [0, 1], [0, 1]);

        var document = Parse(chart);

        Assert.Equal([title], Texts(document, "title"));
        Assert.Equal(["a & b"], Texts(document, "legend-entry"));
    }

    [Fact]
    public void ScatterChart_DrawsEveryPointAndListsTheClasses()
    {
        var chart = new ScatterChart("Data", "x₁", "x₂") { ClassNames = ["no", "yes"] }
            .AddPoints([1, 2, 1.5, 2.5, 4, 5, 4.5, 5.5], [1, 2, 3, 1.2, 4, 5, 3, 4.2], [0, 0, 0, 0, 1, 1, 1, 1]);

        var document = Parse(chart);

        Assert.Equal(8, WithClass(document, "point").Count());
        Assert.Equal(["no", "yes"], Texts(document, "legend-entry"));
        Assert.Empty(WithClass(document, "region"));
    }

    [Fact]
    public void ScatterChart_ShadesTheDecisionRegionWhenGivenAFunction()
    {
        var byClass = new ScatterChart().AddPoints([0, 1, 2], [0, 1, 2], [0, 1, 2]).ShadeClasses((x, y) => x < 1 ? 0 : y < 1 ? 1 : 2, resolution: 20);
        var byProbability = new ScatterChart().AddPoints([0, 1], [0, 1], [0, 1]).ShadeProbability((x, y) => 1 / (1 + Math.Exp(-10 * (x + y - 1))));

        Assert.Equal(3, WithClass(Parse(byClass), "region").Single().Elements().Count());
        var document = Parse(byProbability);
        Assert.True(WithClass(document, "region").Single().Elements().Count() > 2);
        Assert.Single(WithClass(document, "boundary"));
    }

    [Fact]
    public void ScatterChart_DrawsAnArrowForEachWeightVectorAndFitsItsEnds()
    {
        var chart = new ScatterChart().AddPoint(0.5, 0.5, 0)
            .AddArrow(0, 0, 3, 1, "w₁").AddArrow(0, 0, -1, 2, "w₂", "#009E73");

        var document = Parse(chart);

        var arrows = WithClass(document, "arrow").ToArray();
        Assert.Equal(2, arrows.Length);
        Assert.All(arrows, a => Assert.Single(a.Elements(Svg + "polygon")));
        // Each arrow's tip (the polygon's first point) lies inside the plot area, so the range took the arrows in.
        var area = document.Descendants(Svg + "clipPath").Single().Element(Svg + "rect")!;
        double Number(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);
        foreach (var arrow in arrows)
        {
            double[] tip = ((string)arrow.Element(Svg + "polygon")!.Attribute("points")!).Split(' ')[0]
                .Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(tip[0], Number(area, "x"), Number(area, "x") + Number(area, "width"));
            Assert.InRange(tip[1], Number(area, "y"), Number(area, "y") + Number(area, "height"));
        }
    }

    [Fact]
    public void HeatMap_WritesEachValueInItsCellWithTheLabels()
    {
        var confusion = new double[,] { { 50, 2, 0 }, { 3, 45, 7 }, { 0, 1, 60 } };
        var map = new HeatMap(confusion, ["cat", "dog", "bird"], ["cat", "dog", "bird"])
            { Title = "Confusion", XLabel = "predicted", YLabel = "actual" };

        var document = Parse(map);

        Assert.Equal(9, WithClass(document, "cell").Count());
        Assert.Equal(["50", "2", "0", "3", "45", "7", "0", "1", "60"], Texts(document, "value"));
        Assert.Equal(["cat", "dog", "bird"], Texts(document, "row-label"));
        Assert.Equal(["cat", "dog", "bird"], Texts(document, "column-label"));
        Assert.Equal(["predicted", "actual"], Texts(document, "axis-label"));
        Assert.Single(WithClass(document, "colour-scale"), e => e.Name == Svg + "g");
    }

    [Fact]
    public void Save_CreatesTheFolderAndLeavesNoTemporaryFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "backprop-plot-" + Guid.NewGuid().ToString("N"), "nested");
        try
        {
            var chart = TwoErrorCurves();
            chart.Save(Path.Combine(folder, "error.svg"));
            chart.Save(Path.Combine(folder, "error.svg")); // overwriting works too

            Assert.Equal(["error.svg"], Directory.GetFiles(folder).Select(Path.GetFileName));
            Assert.Equal(chart.ToSvg(), File.ReadAllText(Path.Combine(folder, "error.svg")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
