namespace Backprop.Plotting;

/// <summary>
/// One or more named curves on shared axes, such as training and test error against iterations.
/// Each series is drawn as a single path in the next palette colour and listed in the legend.
/// </summary>
/// <example><code>
/// var chart = new LineChart("Error", "iteration", "cumulative error") { LogY = true };
/// chart.Add("train", iterations, trainError).Add("test", testIterations, testError);
/// chart.Save("plots/error.svg");
/// </code></example>
public sealed class LineChart : Chart
{
    /// <summary>Curves with at most this many points get a dot on each point, so sparse samples are visible.</summary>
    private const int MarkerLimit = 30;

    private readonly List<(string Name, double[] X, double[] Y, LineStyle Style, int Colour)> _series = [];

    /// <summary>Creates an empty chart with the given title and axis labels.</summary>
    public LineChart(string title = "", string xLabel = "", string yLabel = "") =>
        (Title, XLabel, YLabel) = (title, xLabel, yLabel);

    /// <summary>Whether the y axis is logarithmic (base 10); values ≤ 0 are then left out.</summary>
    public bool LogY { get; set; }

    /// <summary>The x range shown; null (the default) fits the data.</summary>
    public (double Min, double Max)? XRange { get; set; }

    /// <summary>The y range shown; null (the default) fits the data with a small margin. Use (0, 1) for accuracy.</summary>
    public (double Min, double Max)? YRange { get; set; }

    /// <summary>The number of series added so far.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Adds a named curve through the points (x[i], y[i]). The arrays are copied. Returns this chart, for chaining.</summary>
    public LineChart Add(string name, double[] x, double[] y) => Add(name, x, y, LineStyle.Solid, _series.Count);

    /// <summary>
    /// Adds a named curve drawn in <paramref name="style"/> and palette colour <paramref name="colour"/>: for curves
    /// that come in families (one colour per optimizer, one dash per batch size), so nine curves stay apart.
    /// </summary>
    public LineChart Add(string name, double[] x, double[] y, LineStyle style, int colour)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"Series '{name}' has {x.Length} x values but {y.Length} y values.");
        _series.Add((name, (double[])x.Clone(), (double[])y.Clone(), style, colour));
        return this;
    }

    /// <summary>Adds a named curve through (0, y[0]), (1, y[1]), …. Returns this chart, for chaining.</summary>
    public LineChart Add(string name, double[] y) => Add(name, Enumerable.Range(0, y.Length).Select(i => (double)i).ToArray(), y);

    /// <inheritdoc/>
    public override string ToSvg()
    {
        var legend = _series.Select(s => new LegendEntry(s.Name, Palette.Colour(s.Colour), LegendMark.Line, DashArray(s.Style))).ToArray();
        var frame = new XYFrame(this, XRange ?? FitX(), YRange ?? FitY(), LogY, legend);
        var svg = new SvgWriter(Width, Height);
        frame.DrawBehind(svg);
        svg.BeginGroup("data", XYFrame.ClipId);
        for (int i = 0; i < _series.Count; i++)
        {
            var (_, x, y, style, colour) = _series[i];
            string path = PolylinePath.Build(x, y, frame.X, frame.Y);
            if (path.Length > 0)
                svg.Path(path, Palette.Colour(colour), 2, "series", DashArray(style));
            if (x.Length <= MarkerLimit)
                foreach (var (px, py) in PolylinePath.Points(x, y, frame.X, frame.Y))
                    svg.Circle(px, py, 3, Palette.Colour(colour));
        }
        svg.EndGroup();
        frame.DrawInFront(svg);
        return svg.ToString();
    }

    private static string? DashArray(LineStyle style) => style switch
    {
        LineStyle.Dashed => "8 5",
        LineStyle.Dotted => "2 4",
        _ => null,
    };

    /// <summary>The data's x range with a sliver of margin, so the end points' markers are not cut by the frame.</summary>
    private (double, double) FitX()
    {
        var xs = _series.SelectMany(s => s.X.Where((v, i) => double.IsFinite(v) && Drawable(s.Y[i]))).ToArray();
        return xs.Length == 0 ? (0, 1) : Axis.Pad(xs.Min(), xs.Max(), 0.02, log: false);
    }

    private (double, double) FitY()
    {
        var ys = _series.SelectMany(s => s.Y.Where((v, i) => Drawable(v) && double.IsFinite(s.X[i]))).ToArray();
        if (ys.Length == 0) return LogY ? (1, 10) : (0, 1);
        return Axis.Pad(ys.Min(), ys.Max(), 0.05, LogY);
    }

    private bool Drawable(double y) => double.IsFinite(y) && (!LogY || y > 0);
}

/// <summary>How a <see cref="LineChart"/> curve is drawn.</summary>
public enum LineStyle
{
    /// <summary>A solid line.</summary>
    Solid,

    /// <summary>Long dashes.</summary>
    Dashed,

    /// <summary>Dots.</summary>
    Dotted,
}
