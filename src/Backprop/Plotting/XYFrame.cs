namespace Backprop.Plotting;

/// <summary>
/// The frame shared by line and scatter charts: lays out the plot area around the title, axis labels,
/// tick labels and legend, then draws the grid behind the data and the axes, labels and legend in front.
/// </summary>
internal sealed class XYFrame
{
    /// <summary>The id of the clip region that keeps data inside the plot area.</summary>
    public const string ClipId = "plot-area";

    private const double TitleSize = 16, LabelSize = 13, TickSize = 11, TickLength = 5, Gap = 6;

    private readonly Chart _chart;
    private readonly IReadOnlyList<LegendEntry> _legend;
    private readonly IReadOnlyList<(double Value, string Label)> _xTicks, _yTicks;

    public XYFrame(Chart chart, (double Min, double Max) xRange, (double Min, double Max) yRange, bool logY,
        IReadOnlyList<LegendEntry> legend)
    {
        (_chart, _legend) = (chart, legend);
        Top = (chart.Title.Length > 0 ? 44 : 0) + 14;
        Bottom = chart.Height - (TickLength + Gap + TickSize + (chart.XLabel.Length > 0 ? 2 * Gap + LabelSize : 0) + 14);

        // The y ticks depend only on the height, and their labels' width decides the left margin.
        Y = new Axis(yRange.Min, yRange.Max, Bottom, Top, logY);
        _yTicks = Y.Ticks(Math.Clamp((int)((Bottom - Top) / 45), 2, 10));
        double yLabelWidth = _yTicks.Count == 0 ? 0 : _yTicks.Max(t => SvgWriter.TextWidth(t.Label, TickSize));
        Left = 12 + (chart.YLabel.Length > 0 ? LabelSize + 2 * Gap : 0) + yLabelWidth + Gap + TickLength;
        double legendWidth = Legend.Width(legend);
        Right = chart.Width - 16 - (legendWidth > 0 ? legendWidth + 16 : 0);
        if (Right - Left < 40 || Bottom - Top < 40)
            throw new InvalidOperationException($"A {chart.Width}×{chart.Height} canvas leaves no room for the plot.");

        X = new Axis(xRange.Min, xRange.Max, Left, Right);
        _xTicks = FittingXTicks();
    }

    public double Left { get; }
    public double Right { get; }
    public double Top { get; }
    public double Bottom { get; }
    public Axis X { get; }
    public Axis Y { get; }

    /// <summary>Draws what goes behind the data: the clip region and the light grid.</summary>
    public void DrawBehind(SvgWriter svg)
    {
        svg.ClipRect(ClipId, Left, Top, Right - Left, Bottom - Top);
        svg.BeginGroup("grid");
        foreach (var (value, _) in _xTicks)
            svg.Line(X.ToPixel(value), Top, X.ToPixel(value), Bottom, "#E5E5E5");
        foreach (var (value, _) in _yTicks)
            svg.Line(Left, Y.ToPixel(value), Right, Y.ToPixel(value), "#E5E5E5");
        svg.EndGroup();
    }

    /// <summary>Draws what goes over the data: the frame, ticks, tick labels, axis labels, title and legend.</summary>
    public void DrawInFront(SvgWriter svg)
    {
        svg.BeginGroup("axes");
        svg.Rect(Left, Top, Right - Left, Bottom - Top, "none", "#444444");
        foreach (var (value, label) in _xTicks)
        {
            double x = X.ToPixel(value);
            svg.Line(x, Bottom, x, Bottom + TickLength, "#444444");
            svg.Text(x, Bottom + TickLength + Gap + TickSize / 2, label, TickSize, "middle", cssClass: "tick-label");
        }
        foreach (var (value, label) in _yTicks)
        {
            double y = Y.ToPixel(value);
            svg.Line(Left - TickLength, y, Left, y, "#444444");
            svg.Text(Left - TickLength - Gap, y, label, TickSize, "end", cssClass: "tick-label");
        }
        double middleX = (Left + Right) / 2, middleY = (Top + Bottom) / 2;
        if (_chart.XLabel.Length > 0)
            svg.Text(middleX, Bottom + TickLength + 3 * Gap + TickSize + LabelSize / 2, _chart.XLabel, LabelSize, "middle", cssClass: "axis-label");
        if (_chart.YLabel.Length > 0)
            svg.Text(12 + LabelSize / 2, middleY, _chart.YLabel, LabelSize, "middle", rotate: -90, cssClass: "axis-label");
        if (_chart.Title.Length > 0)
            svg.Text(_chart.Width / 2.0, 14 + 22, _chart.Title, TitleSize, "middle", bold: true, cssClass: "title");
        svg.EndGroup();
        Legend.Draw(svg, _legend, Right + 16, Top);
    }

    /// <summary>As many x ticks as fit without their labels running into each other.</summary>
    private IReadOnlyList<(double Value, string Label)> FittingXTicks()
    {
        for (int target = Math.Clamp((int)((Right - Left) / 80), 2, 12); ; target--)
        {
            var ticks = X.Ticks(target);
            if (_chart.WholeNumbersX) ticks = [.. ticks.Where(t => t.Value == Math.Round(t.Value)).Select(t => (t.Value, Axis.FormatTick(t.Value, 1)))];
            if (target <= 2 || ticks.Count < 2)
                return ticks;
            double spacing = Math.Abs(X.ToPixel(ticks[1].Value) - X.ToPixel(ticks[0].Value));
            if (ticks.Max(t => SvgWriter.TextWidth(t.Label, TickSize)) + 8 <= spacing)
                return ticks;
        }
    }
}
