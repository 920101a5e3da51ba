namespace Backprop.Plotting;

/// <summary>How a legend entry shows its colour: a short line for a series, a dot for a class of points.</summary>
internal enum LegendMark { Line, Dot }

/// <summary>One legend entry: a label, its colour, and for a line its dash pattern (an SVG stroke-dasharray, or null for solid).</summary>
internal readonly record struct LegendEntry(string Label, string Colour, LegendMark Mark, string? Dash = null);

/// <summary>
/// The legend box. Charts place it outside the plot area, to the right, so it can never hide data.
/// </summary>
internal static class Legend
{
    private const double FontSize = 12, RowHeight = 20, Padding = 8, MarkWidth = 22;

    /// <summary>The width the legend needs; 0 when there is nothing to list.</summary>
    public static double Width(IReadOnlyList<LegendEntry> entries) =>
        entries.Count == 0 ? 0 : 2 * Padding + MarkWidth + 6 + entries.Max(e => SvgWriter.TextWidth(e.Label, FontSize));

    /// <summary>Draws the legend with its top-left corner at (x, y).</summary>
    public static void Draw(SvgWriter svg, IReadOnlyList<LegendEntry> entries, double x, double y)
    {
        if (entries.Count == 0) return;
        svg.BeginGroup("legend");
        svg.Rect(x, y, Width(entries), 2 * Padding + entries.Count * RowHeight - 4, "#FFFFFF", "#BBBBBB");
        for (int i = 0; i < entries.Count; i++)
        {
            double rowY = y + Padding + i * RowHeight + RowHeight / 2 - 2;
            double markX = x + Padding;
            if (entries[i].Mark == LegendMark.Line)
                svg.Line(markX, rowY, markX + MarkWidth, rowY, entries[i].Colour, 2.5, dash: entries[i].Dash);
            else
                svg.Circle(markX + MarkWidth / 2, rowY, 5, entries[i].Colour, "#FFFFFF");
            svg.Text(markX + MarkWidth + 6, rowY, entries[i].Label, FontSize, cssClass: "legend-entry");
        }
        svg.EndGroup();
    }
}
