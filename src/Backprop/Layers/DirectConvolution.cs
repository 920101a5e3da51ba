using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// P·W for a convolution whose window (K·K·C values) fits one k block of the packed product, read straight from the
/// images instead of from unfolded window rows: the serving path of a first layer such as 32 filters of 3×3 on one
/// channel, where unfolding 9-value windows and multiplying them cost several times the arithmetic.
/// </summary>
/// <remarks>
/// Each output value gets the packed product's chain of operations on the window row <see cref="Im2Col"/> would have
/// written: a sum from zero, one fused multiply-add per window value in window order, zeros of the padding included.
/// So the results are the product's to the bit, which a test holds. Three output pixels at a time by four vectors of
/// filters, twelve independent sums, as in the product's kernel.
/// </remarks>
internal static unsafe class DirectConvolution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether the product of <paramref name="rows"/> window rows by W would be the packed one in one k block, with FMA, and filters fill whole vectors.</summary>
    public static bool Takes(Im2Col geometry, int filters, int rows) =>
        Fma.IsSupported && geometry.PatchSize <= GemmDriver<T>.MaxK && filters % Vector256<T>.Count == 0
        && Gemm.IsPacked<T>((long)rows * filters * geometry.PatchSize);

    /// <summary>
    /// The output pixels (one row of filters each, no bias) of images <paramref name="first"/> … <paramref name="end"/> − 1
    /// of <paramref name="images"/>, into <paramref name="pixels"/> from its first row.
    /// </summary>
    public static void Convolve(Im2Col geometry, Matrix<T> images, int first, int end, Matrix<T> weights, Matrix<T> pixels)
    {
        var g = new Geometry(geometry, weights.Columns);
        fixed (T* pImages = images.AsSpan(), pw = weights.AsSpan(), pPixels = pixels.AsSpan())
        {
            T* patch = stackalloc T[g.Patch];
            for (int n = first; n < end; n++)
            {
                T* image = pImages + (nint)n * images.Columns;
                T* output = pPixels + (nint)(n - first) * g.PerImage * g.Filters;
                for (int q = 0; q < g.PerImage;)
                {
                    if (q + 2 < g.PerImage && g.Inside(q) && g.Inside(q + 1) && g.Inside(q + 2))
                    {
                        Three(g, image + g.Corner(q), image + g.Corner(q + 1), image + g.Corner(q + 2), pw, output + (nint)q * g.Filters);
                        q += 3;
                    }
                    else
                    {
                        g.Gather(image, q, patch);
                        One(g, patch, pw, output + (nint)q * g.Filters);
                        q++;
                    }
                }
            }
        }
    }

    /// <summary>Three pixels whose windows lie inside the image (their first values at x0, x1, x2), all filters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Three(in Geometry g, T* x0, T* x1, T* x2, T* w, T* c)
    {
        int v = Vector256<T>.Count, f = 0, run = g.Run, k = g.Size, filters = g.Filters;
        nint rowStep = g.RowStep;
        for (; f <= filters - 4 * v; f += 4 * v)
        {
            Vector256<T> s00 = default, s01 = default, s02 = default, s03 = default;
            Vector256<T> s10 = default, s11 = default, s12 = default, s13 = default;
            Vector256<T> s20 = default, s21 = default, s22 = default, s23 = default;
            T* b = w + f;
            for (int ky = 0; ky < k; ky++)
            {
                T* r0 = x0 + ky * rowStep, r1 = x1 + ky * rowStep, r2 = x2 + ky * rowStep;
                for (int t = 0; t < run; t++, b += filters)
                {
                    var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + v); var b2 = Vector256.Load(b + 2 * v); var b3 = Vector256.Load(b + 3 * v);
                    var a = Vector256.Create(r0[t]);
                    s00 = MultiplyAdd(a, b0, s00); s01 = MultiplyAdd(a, b1, s01); s02 = MultiplyAdd(a, b2, s02); s03 = MultiplyAdd(a, b3, s03);
                    a = Vector256.Create(r1[t]);
                    s10 = MultiplyAdd(a, b0, s10); s11 = MultiplyAdd(a, b1, s11); s12 = MultiplyAdd(a, b2, s12); s13 = MultiplyAdd(a, b3, s13);
                    a = Vector256.Create(r2[t]);
                    s20 = MultiplyAdd(a, b0, s20); s21 = MultiplyAdd(a, b1, s21); s22 = MultiplyAdd(a, b2, s22); s23 = MultiplyAdd(a, b3, s23);
                }
            }
            T* c0 = c + f, c1 = c0 + filters, c2 = c1 + filters;
            s00.Store(c0); s01.Store(c0 + v); s02.Store(c0 + 2 * v); s03.Store(c0 + 3 * v);
            s10.Store(c1); s11.Store(c1 + v); s12.Store(c1 + 2 * v); s13.Store(c1 + 3 * v);
            s20.Store(c2); s21.Store(c2 + v); s22.Store(c2 + 2 * v); s23.Store(c2 + 3 * v);
        }
        for (; f < filters; f += v)
        {
            Vector256<T> s0 = default, s1 = default, s2 = default;
            T* b = w + f;
            for (int ky = 0; ky < k; ky++)
            {
                T* r0 = x0 + ky * rowStep, r1 = x1 + ky * rowStep, r2 = x2 + ky * rowStep;
                for (int t = 0; t < run; t++, b += filters)
                {
                    var bv = Vector256.Load(b);
                    s0 = MultiplyAdd(Vector256.Create(r0[t]), bv, s0);
                    s1 = MultiplyAdd(Vector256.Create(r1[t]), bv, s1);
                    s2 = MultiplyAdd(Vector256.Create(r2[t]), bv, s2);
                }
            }
            s0.Store(c + f); s1.Store(c + filters + f); s2.Store(c + 2 * filters + f);
        }
    }

    /// <summary>One pixel from its gathered window row (padding as zeros), all filters.</summary>
    private static void One(in Geometry g, T* patch, T* w, T* c)
    {
        int v = Vector256<T>.Count;
        for (int f = 0; f < g.Filters; f += v)
        {
            Vector256<T> s = default;
            T* b = w + f;
            for (int p = 0; p < g.Patch; p++, b += g.Filters) s = MultiplyAdd(Vector256.Create(patch[p]), Vector256.Load(b), s);
            s.Store(c + f);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(float))
            return Fma.MultiplyAdd(x.As<T, float>(), y.As<T, float>(), acc.As<T, float>()).As<float, T>();
        return Fma.MultiplyAdd(x.As<T, double>(), y.As<T, double>(), acc.As<T, double>()).As<double, T>();
    }

    /// <summary>Where output pixel q's window lies in its image.</summary>
    private readonly struct Geometry(Im2Col im2col, int filters)
    {
        private readonly ImageShape _input = im2col.Input;
        private readonly int _stride = im2col.Window.Stride, _outputWidth = im2col.OutputWidth;
        private readonly int _padTop = im2col.Window.PadBefore(im2col.Input.Height), _padLeft = im2col.Window.PadBefore(im2col.Input.Width);

        public int Size { get; } = im2col.Window.Size;
        public int Patch { get; } = im2col.PatchSize;
        public int PerImage { get; } = im2col.WindowsPerImage;
        public int Filters { get; } = filters;

        /// <summary>K·C: the values of one window row, side by side in the image.</summary>
        public int Run => Size * _input.Channels;

        /// <summary>The distance from one image row to the next.</summary>
        public nint RowStep => _input.Width * _input.Channels;

        private int Top(int q) => q / _outputWidth * _stride - _padTop;
        private int Left(int q) => q % _outputWidth * _stride - _padLeft;

        public bool Inside(int q)
        {
            int y = Top(q), x = Left(q);
            return y >= 0 && x >= 0 && y + Size <= _input.Height && x + Size <= _input.Width;
        }

        /// <summary>The offset of the window's first value (for a window inside the image).</summary>
        public nint Corner(int q) => ((nint)Top(q) * _input.Width + Left(q)) * _input.Channels;

        /// <summary>Window q's values in window order, zeros where it hangs over the border: the row <see cref="Im2Col.Unfold{T}"/> writes.</summary>
        public void Gather(T* image, int q, T* patch)
        {
            int y0 = Top(q), x0 = Left(q), c = _input.Channels;
            for (int ky = 0, p = 0; ky < Size; ky++)
                for (int kx = 0; kx < Size; kx++)
                {
                    int y = y0 + ky, x = x0 + kx;
                    bool inside = (uint)y < (uint)_input.Height && (uint)x < (uint)_input.Width;
                    for (int ch = 0; ch < c; ch++, p++) patch[p] = inside ? image[((nint)y * _input.Width + x) * c + ch] : T.Zero;
                }
        }
    }
}
