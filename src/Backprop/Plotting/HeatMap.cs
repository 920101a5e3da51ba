using System.Globalization;

namespace Backprop.Plotting;

/// <summary>
/// A matrix of values as coloured cells with each value written in its cell, such as a confusion
/// matrix (rows: actual class, columns: predicted class), with a colour scale beside it.
/// </summary>
/// <example><code>
/// var map = new HeatMap(confusion, digits, digits) { Title = "Confusion", XLabel = "predicted", YLabel = "actual" };
/// map.Save("plots/confusion.svg");
/// </code></example>
public sealed class HeatMap : Chart
{
    /// <summary>A single-hue scale (ColorBrewer's "Blues", low to high): it reads in order for every kind of colour vision.</summary>
    private static readonly string[] Scale = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"];

    private const double TitleSize = 16, LabelSize = 13, TickSize = 11, Gap = 6, BarWidth = 16;

    private readonly double[,] _values;
    private readonly string[] _rowLabels, _columnLabels;

    /// <summary>
    /// A heat map of <paramref name="values"/>[row, column]. Labels default to the indices 0, 1, ….
    /// The matrix is copied.
    /// </summary>
    public HeatMap(double[,] values, string[]? rowLabels = null, string[]? columnLabels = null)
    {
        _values = (double[,])values.Clone();
        _rowLabels = Labels(rowLabels, values.GetLength(0), "row");
        _columnLabels = Labels(columnLabels, values.GetLength(1), "column");
        Height = 600;
    }

    /// <summary>The .NET format of the value written in each cell; the default "0.##" shows counts as integers.</summary>
    public string ValueFormat { get; set; } = "0.##";

    /// <summary>The values at the bottom and top of the colour scale; null (the default) uses the data's extremes.</summary>
    public (double Min, double Max)? ColourRange { get; set; }

    /// <inheritdoc/>
    public override string ToSvg()
    {
        int rows = _values.GetLength(0), columns = _values.GetLength(1);
        var finite = _values.Cast<double>().Where(double.IsFinite).ToArray();
        var (low, high) = ColourRange ?? (finite.Length == 0 ? (0, 1) : (finite.Min(), finite.Max()));
        if (!(high > low)) high = low + 1;
        var scaleTicks = Axis.NiceTicks(low, high, 5);
        double scaleStep = Axis.NiceStep(high - low, 5);
        double scaleLabelWidth = scaleTicks.Select(v => SvgWriter.TextWidth(Axis.FormatTick(v, scaleStep), TickSize)).DefaultIfEmpty(0).Max();

        // Lay out: row labels on the left, column labels below, the colour bar on the right.
        double top = (Title.Length > 0 ? 44 : 0) + 14;
        double rowLabelWidth = _rowLabels.Max(l => SvgWriter.TextWidth(l, TickSize));
        double left = 12 + (YLabel.Length > 0 ? LabelSize + 2 * Gap : 0) + rowLabelWidth + Gap;
        double right = Width - 16 - (3 * Gap + BarWidth + scaleLabelWidth + Gap);
        double columnLabelWidth = _columnLabels.Max(l => SvgWriter.TextWidth(l, TickSize));
        double xLabelSpace = XLabel.Length > 0 ? 2 * Gap + LabelSize : 0;
        double cell = CellSize(right - left, Height - top - (Gap + TickSize + xLabelSpace + 14), rows, columns);
        bool slanted = columnLabelWidth > cell - 4; // labels wider than their column are turned 45° so they do not collide
        if (slanted)
            cell = CellSize(right - left, Height - top - (Gap + columnLabelWidth * 0.71 + TickSize + xLabelSpace + 14), rows, columns);
        double gridWidth = cell * columns, gridHeight = cell * rows, bottom = top + gridHeight;
        left += (right - left - gridWidth) / 2; // centre the grid in the room left for it

        var svg = new SvgWriter(Width, Height);
        svg.BeginGroup("cells", crispEdges: true);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                svg.Rect(left + c * cell, top + r * cell, cell, cell, double.IsFinite(_values[r, c]) ? Colour((_values[r, c] - low) / (high - low)) : "#EEEEEE", "#FFFFFF", "cell");
        svg.EndGroup();
        WriteValues(svg, left, top, cell, low, high);

        for (int r = 0; r < rows; r++)
            svg.Text(left - Gap, top + (r + 0.5) * cell, _rowLabels[r], TickSize, "end", cssClass: "row-label");
        for (int c = 0; c < columns; c++)
        {
            double x = left + (c + 0.5) * cell;
            if (slanted)
                svg.Text(x + TickSize * 0.3, bottom + Gap + TickSize * 0.3, _columnLabels[c], TickSize, "end", rotate: -45, cssClass: "column-label");
            else
                svg.Text(x, bottom + Gap + TickSize / 2, _columnLabels[c], TickSize, "middle", cssClass: "column-label");
        }
        double labelsBottom = bottom + Gap + (slanted ? columnLabelWidth * 0.71 + TickSize : TickSize);
        if (XLabel.Length > 0)
            svg.Text(left + gridWidth / 2, labelsBottom + Gap + LabelSize / 2, XLabel, LabelSize, "middle", cssClass: "axis-label");
        if (YLabel.Length > 0)
            svg.Text(left - rowLabelWidth - 3 * Gap - LabelSize / 2, top + gridHeight / 2, YLabel, LabelSize, "middle", rotate: -90, cssClass: "axis-label");
        if (Title.Length > 0)
            svg.Text(left + gridWidth / 2, 14 + 22, Title, TitleSize, "middle", bold: true, cssClass: "title");

        DrawScale(svg, new Axis(low, high, bottom, top), left + gridWidth + 3 * Gap, scaleTicks, scaleStep);
        return svg.ToString();
    }

    private void WriteValues(SvgWriter svg, double left, double top, double cell, double low, double high)
    {
        var texts = new string?[_values.GetLength(0), _values.GetLength(1)];
        int longest = 1;
        for (int r = 0; r < texts.GetLength(0); r++)
            for (int c = 0; c < texts.GetLength(1); c++)
                if (double.IsFinite(_values[r, c]))
                    longest = Math.Max(longest, (texts[r, c] = _values[r, c].ToString(ValueFormat, CultureInfo.InvariantCulture)).Length);
        // One size for all cells, as large as the longest value allows, so the eye compares colours, not fonts.
        double size = Math.Clamp(Math.Min(cell * 0.36, (cell - 6) / (longest * 0.6)), 5, 14);
        svg.BeginGroup("values");
        for (int r = 0; r < texts.GetLength(0); r++)
            for (int c = 0; c < texts.GetLength(1); c++)
                if (texts[r, c] is { } text)
                {
                    string fill = Colour((_values[r, c] - low) / (high - low));
                    svg.Text(left + (c + 0.5) * cell, top + (r + 0.5) * cell, text, size, "middle",
                        Palette.Brightness(fill) < 0.5 ? "#FFFFFF" : "#222222", cssClass: "value");
                }
        svg.EndGroup();
    }

    private static void DrawScale(SvgWriter svg, Axis axis, double x, double[] ticks, double step)
    {
        svg.VerticalGradient("colour-scale", Scale);
        svg.BeginGroup("colour-scale");
        svg.Rect(x, axis.PixelAtMax, BarWidth, axis.PixelAtMin - axis.PixelAtMax, "url(#colour-scale)", "#444444");
        foreach (double v in ticks)
        {
            double y = axis.ToPixel(v);
            svg.Line(x + BarWidth, y, x + BarWidth + 4, y, "#444444");
            svg.Text(x + BarWidth + 4 + Gap / 2, y, Axis.FormatTick(v, step), TickSize, cssClass: "tick-label");
        }
        svg.EndGroup();
    }

    /// <summary>The scale's colour at t in [0, 1], interpolated between its stops.</summary>
    private static string Colour(double t)
    {
        double position = Math.Clamp(t, 0, 1) * (Scale.Length - 1);
        int stop = Math.Min((int)position, Scale.Length - 2);
        return Palette.Mix(Scale[stop], Scale[stop + 1], position - stop);
    }

    private static double CellSize(double width, double height, int rows, int columns) =>
        Math.Max(4, Math.Min(Math.Min(width / columns, height / rows), 90));

    private static string[] Labels(string[]? labels, int count, string what)
    {
        if (count == 0)
            throw new ArgumentException($"A heat map needs at least one {what}.");
        if (labels is not null && labels.Length != count)
            throw new ArgumentException($"Got {labels.Length} {what} labels for {count} {what}s.");
        return labels ?? Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
