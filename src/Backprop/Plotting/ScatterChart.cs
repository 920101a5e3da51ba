namespace Backprop.Plotting;

/// <summary>
/// Points coloured by class, optionally over a shaded decision region and with arrows (for example
/// weight vectors from the origin). The legend lists the classes; the range fits the points and the
/// arrows with a margin unless set.
/// </summary>
/// <example><code>
/// var chart = new ScatterChart("Perceptron", "x₁", "x₂") { ClassNames = ["no", "yes"] };
/// chart.AddPoints(xs, ys, labels)
///      .ShadeProbability((a, b) => Sigmoid(w1 * a + w2 * b + bias))
///      .AddArrow(0, 0, w1, w2, "w");
/// chart.Save("plots/perceptron.svg");
/// </code></example>
public sealed class ScatterChart : Chart
{
    private const double Margin = 0.08;

    private readonly List<(double X, double Y, int Class)> _points = [];
    private readonly List<Arrow> _arrows = [];
    private DecisionRegion? _region;

    /// <summary>Creates an empty chart with the given title and axis labels.</summary>
    public ScatterChart(string title = "", string xLabel = "", string yLabel = "") =>
        (Title, XLabel, YLabel) = (title, xLabel, yLabel);

    /// <summary>The legend's name for each class index; a class without a name is listed as "class k".</summary>
    public IReadOnlyList<string> ClassNames { get; set; } = [];

    /// <summary>The x range shown; null (the default) fits the points and arrows with a margin.</summary>
    public (double Min, double Max)? XRange { get; set; }

    /// <summary>The y range shown; null (the default) fits the points and arrows with a margin.</summary>
    public (double Min, double Max)? YRange { get; set; }

    /// <summary>The number of points added so far.</summary>
    public int PointCount => _points.Count;

    /// <summary>Adds one point of class <paramref name="classIndex"/> (0, 1, …). Returns this chart, for chaining.</summary>
    public ScatterChart AddPoint(double x, double y, int classIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        _points.Add((x, y, classIndex));
        return this;
    }

    /// <summary>Adds the points (x[i], y[i]) of class classes[i]. Returns this chart, for chaining.</summary>
    public ScatterChart AddPoints(double[] x, double[] y, int[] classes)
    {
        if (x.Length != y.Length || x.Length != classes.Length)
            throw new ArgumentException($"Got {x.Length} x values, {y.Length} y values and {classes.Length} classes; they must match.");
        for (int i = 0; i < x.Length; i++)
            AddPoint(x[i], y[i], classes[i]);
        return this;
    }

    /// <summary>
    /// Shades each cell of a <paramref name="resolution"/>² grid over the plot with a pale version of the
    /// colour of the class <paramref name="classify"/>(x, y) returns for the cell's centre.
    /// </summary>
    public ScatterChart ShadeClasses(Func<double, double, int> classify, int resolution = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        _region = new DecisionRegion((x, y) => classify(x, y), isProbability: false, resolution);
        return this;
    }

    /// <summary>
    /// Shades the plot by <paramref name="probability"/>(x, y) of class 1, in [0, 1]: pale class-0 colour at 0,
    /// pale class-1 colour at 1, blended between, with the 0.5 decision boundary drawn as a line.
    /// </summary>
    public ScatterChart ShadeProbability(Func<double, double, double> probability, int resolution = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        _region = new DecisionRegion(probability, isProbability: true, resolution);
        return this;
    }

    /// <summary>Adds an arrow from (x0, y0) to (x1, y1) with a head and an optional label; the default colour is dark grey.</summary>
    public ScatterChart AddArrow(double x0, double y0, double x1, double y1, string label = "", string? colour = null)
    {
        if (!double.IsFinite(x0) || !double.IsFinite(y0) || !double.IsFinite(x1) || !double.IsFinite(y1))
            throw new ArgumentException($"Arrow '{label}' has a non-finite coordinate.");
        _arrows.Add(new Arrow(x0, y0, x1, y1, label, colour ?? "#333333"));
        return this;
    }

    /// <inheritdoc/>
    public override string ToSvg()
    {
        int classCount = Math.Max(ClassNames.Count, _points.Count == 0 ? 0 : _points.Max(p => p.Class) + 1);
        var legend = Enumerable.Range(0, classCount)
            .Select(k => new LegendEntry(k < ClassNames.Count ? ClassNames[k] : $"class {k}", Palette.Colour(k), LegendMark.Dot))
            .ToArray();
        var frame = new XYFrame(this, XRange ?? Fit(p => p.X), YRange ?? Fit(p => p.Y), logY: false, legend);
        var svg = new SvgWriter(Width, Height);
        frame.DrawBehind(svg);
        _region?.Draw(svg, frame.X, frame.Y);
        svg.BeginGroup("data", XYFrame.ClipId);
        foreach (var (x, y, k) in _points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
            svg.Circle(frame.X.ToPixel(x), frame.Y.ToPixel(y), 4.5, Palette.Colour(k), "#FFFFFF", "point");
        foreach (var arrow in _arrows)
            arrow.Draw(svg, frame.X, frame.Y);
        svg.EndGroup();
        frame.DrawInFront(svg);
        return svg.ToString();
    }

    /// <summary>The range of one coordinate over the points and both ends of every arrow, widened by the margin.</summary>
    private (double, double) Fit(Func<(double X, double Y), double> coordinate)
    {
        var values = _points.Select(p => coordinate((p.X, p.Y)))
            .Concat(_arrows.SelectMany(a => new[] { coordinate((a.FromX, a.FromY)), coordinate((a.ToX, a.ToY)) }))
            .Where(double.IsFinite).ToArray();
        return values.Length == 0 ? (0, 1) : Axis.Pad(values.Min(), values.Max(), Margin, log: false);
    }
}
