using Backprop.Layers;

namespace Backprop.Tests;

/// <summary>
/// Convolution and max pooling written as the textbook's nested loops, one output value at a time, straight from
/// the definitions: the readable reference that the layers' im2col products are tested against.
/// Images are NHWC rows; weights are (ky·K + kx)·C + c rows by filter columns, as in <see cref="Conv2D{T}"/>.
/// </summary>
internal static class ConvolutionByLoops
{
    /// <summary>Zeros before the first pixel for 'same' padding (the odd one goes after), 0 for 'valid'.</summary>
    private static int PadBefore(int size, int k, int stride, bool same, out int outSize)
    {
        if (!same)
        {
            outSize = (size - k) / stride + 1;
            return 0;
        }
        outSize = (size + stride - 1) / stride;
        return Math.Max((outSize - 1) * stride + k - size, 0) / 2;
    }

    /// <summary>y[n, oy, ox, f] = b[f] + Σ_{ky, kx, c} x[n, oy·s + ky − top, ox·s + kx − left, c] · w[ky, kx, c, f].</summary>
    public static double[] Forward(double[] x, double[] w, double[]? b, int n, ImageShape s, int filters, int k, int stride, bool same)
    {
        int top = PadBefore(s.Height, k, stride, same, out int oh), left = PadBefore(s.Width, k, stride, same, out int ow);
        var y = new double[n * oh * ow * filters];
        for (int i = 0; i < n; i++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int f = 0; f < filters; f++)
                    {
                        double sum = b?[f] ?? 0;
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                                for (int c = 0; c < s.Channels; c++)
                                {
                                    int iy = oy * stride + ky - top, ix = ox * stride + kx - left;
                                    if (iy < 0 || iy >= s.Height || ix < 0 || ix >= s.Width) continue;
                                    sum += x[((i * s.Height + iy) * s.Width + ix) * s.Channels + c] * w[((ky * k + kx) * s.Channels + c) * filters + f];
                                }
                        y[((i * oh + oy) * ow + ox) * filters + f] = sum;
                    }
        return y;
    }

    /// <summary>Given g = ∂E/∂y, the chain rule term by term: each product x·w in y's sum sends g·w to x and g·x to w.</summary>
    public static (double[] Dx, double[] Dw, double[] Db) Backward(double[] x, double[] w, double[] g, int n, ImageShape s, int filters, int k, int stride, bool same)
    {
        int top = PadBefore(s.Height, k, stride, same, out int oh), left = PadBefore(s.Width, k, stride, same, out int ow);
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var db = new double[filters];
        for (int i = 0; i < n; i++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int f = 0; f < filters; f++)
                    {
                        double gy = g[((i * oh + oy) * ow + ox) * filters + f];
                        db[f] += gy;
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                                for (int c = 0; c < s.Channels; c++)
                                {
                                    int iy = oy * stride + ky - top, ix = ox * stride + kx - left;
                                    if (iy < 0 || iy >= s.Height || ix < 0 || ix >= s.Width) continue;
                                    int xi = ((i * s.Height + iy) * s.Width + ix) * s.Channels + c, wi = ((ky * k + kx) * s.Channels + c) * filters + f;
                                    dx[xi] += gy * w[wi];
                                    dw[wi] += gy * x[xi];
                                }
                    }
        return (dx, dw, db);
    }

    /// <summary>y[n, oy, ox, c] = max over the window of x; the gradient goes to the first maximum of each window.</summary>
    public static (double[] Y, double[] Dx) MaxPool(double[] x, double[] g, int n, ImageShape s, int pool, int stride)
    {
        int oh = (s.Height - pool) / stride + 1, ow = (s.Width - pool) / stride + 1, c = s.Channels;
        var y = new double[n * oh * ow * c];
        var dx = new double[x.Length];
        for (int i = 0; i < n; i++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        int best = -1;
                        for (int ky = 0; ky < pool; ky++)
                            for (int kx = 0; kx < pool; kx++)
                            {
                                int xi = ((i * s.Height + oy * stride + ky) * s.Width + ox * stride + kx) * c + ch;
                                if (best < 0 || x[xi] > x[best]) best = xi;
                            }
                        int yi = ((i * oh + oy) * ow + ox) * c + ch;
                        y[yi] = x[best];
                        dx[best] += g[yi];
                    }
        return (y, dx);
    }
}
