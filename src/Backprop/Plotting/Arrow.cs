namespace Backprop.Plotting;

/// <summary>An arrow in data coordinates, such as a weight vector drawn from the origin.</summary>
internal readonly record struct Arrow(double FromX, double FromY, double ToX, double ToY, string Label, string Colour)
{
    private const double HeadLength = 11, HeadHalfWidth = 4.5, LabelSize = 12;

    /// <summary>Draws the shaft, a filled head at the tip, and the label just beyond the tip.</summary>
    public void Draw(SvgWriter svg, Axis x, Axis y)
    {
        double x0 = x.ToPixel(FromX), y0 = y.ToPixel(FromY), x1 = x.ToPixel(ToX), y1 = y.ToPixel(ToY);
        double length = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        svg.BeginGroup("arrow");
        if (length > 0)
        {
            // Work in pixels so the head has the same shape whatever the axes' scales.
            double ux = (x1 - x0) / length, uy = (y1 - y0) / length;
            double head = Math.Min(HeadLength, length);
            double baseX = x1 - ux * head, baseY = y1 - uy * head;
            svg.Line(x0, y0, baseX, baseY, Colour, 2);
            svg.Polygon([(x1, y1), (baseX - uy * HeadHalfWidth, baseY + ux * HeadHalfWidth), (baseX + uy * HeadHalfWidth, baseY - ux * HeadHalfWidth)], Colour);
            if (Label.Length > 0)
            {
                // Beyond the tip, running away from the shaft, but pushed back inside the plot area when it would be cut off.
                double width = SvgWriter.TextWidth(Label, LabelSize);
                double start = ux > 0.3 ? x1 + ux * 8 : ux < -0.3 ? x1 + ux * 8 - width : x1 - width / 2;
                double left = Math.Min(x.PixelAtMin, x.PixelAtMax) + 4, right = Math.Max(x.PixelAtMin, x.PixelAtMax) - 4;
                start = Math.Max(left, Math.Min(start, right - width));
                double top = Math.Min(y.PixelAtMin, y.PixelAtMax) + LabelSize, bottom = Math.Max(y.PixelAtMin, y.PixelAtMax) - LabelSize;
                svg.Text(start, Math.Clamp(y1 + uy * 10, top, Math.Max(top, bottom)), Label, LabelSize, "start", Colour, bold: true);
            }
        }
        svg.EndGroup();
    }
}
