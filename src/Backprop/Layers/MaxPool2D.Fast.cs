using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// Max pooling's training version: <see cref="ForwardPlain"/> and <see cref="BackwardPlain"/>'s comparisons and routing
/// made a vector of channels at a time, without a branch, with the images shared out over the cores.
/// </summary>
/// <remarks>
/// Each place of a window is compared in the plain version's order, with the same strict "larger than", so the
/// maxima and the places they came from are the plain version's, bit for bit.
/// </remarks>
public sealed partial class MaxPool2D<T>
{
    // Which place of its window (ky·P + kx) each output's maximum came from, kept as a T to follow the vector masks.
    private T[] _winners = [];
    private int[] _offsets = [];
    private Matrix<T>? _input, _outputGradient;
    // The per-image steps, bound on first use so that sharing them out over the cores allocates nothing (see RowParallel).
    private Action<int, int>? _pool, _route;

    /// <summary>The maxima, a vector of channels at a time (what <see cref="Forward"/> runs).</summary>
    private Matrix<T> ForwardInVectors(Matrix<T> input)
    {
        if (input.Columns != InputSize) WrongWidth(input.Columns);
        var output = Buffers.Ensure(ref _output, input.Rows, OutputSize);
        if (_winners.Length < output.Length) _winners = new T[output.Capacity * OutputSize];
        _rows = input.Rows;
        _input = input;
        RowParallel.For(input.Rows, InputSize, _pool ??= PoolImages);
        return output;
    }

    /// <summary>Each output's gradient sent to the place of its window that won (what <see cref="Backward"/> runs).</summary>
    private Matrix<T> BackwardInVectors(Matrix<T> outputGradient)
    {
        if (_output is null) throw new InvalidOperationException("Backward called before Forward.");
        _inputGradient = Buffers.Ensure(ref _inputGradient, _rows, InputSize);
        _outputGradient = outputGradient;
        RowParallel.For(_rows, InputSize, _route ??= RouteImages);
        return _inputGradient;
    }

    private void PoolImages(int first, int end) => Pool(_input!, _output!, _winners, first, end);

    private void RouteImages(int first, int end) => Route(_outputGradient!, _inputGradient!, first, end);

    /// <summary>
    /// y[n, oy, ox, c] = max over the window of x[n, y, x, c]; with <paramref name="winners"/>, also which place of the
    /// window (ky·P + kx) each maximum came from: the first, in reading order, when several are equal.
    /// </summary>
    /// <remarks>
    /// Channels-last puts a pixel's channels side by side, so a vector holds <see cref="Vector256{T}.Count"/> channels
    /// of one pixel, and each place of the window is compared a vector at a time without a branch (a branch per
    /// comparison mispredicts about half the time on real data). The place is kept as a <typeparamref name="T"/>, so it
    /// follows the same comparison mask.
    /// </remarks>
    private void Pool(Matrix<T> input, Matrix<T> output, T[]? winners, int first, int end)
    {
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        int c = inShape.Channels, places = PoolSize * PoolSize, vectorEnd = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
        for (int n = first; n < end; n++)
        {
            ReadOnlySpan<T> x = input.Row(n);
            var y = output.Row(n);
            var from = winners is null ? default : winners.AsSpan(n * OutputSize, OutputSize);
            for (int oy = 0; oy < outShape.Height; oy++)
            {
                for (int ox = 0; ox < outShape.Width; ox++)
                {
                    int o = (oy * outShape.Width + ox) * c;
                    int corner = (oy * Stride * inShape.Width + ox * Stride) * c;
                    for (int ch = 0; ch < vectorEnd; ch += Vector256<T>.Count)
                    {
                        var best = Vector256.Create<T>(x.Slice(corner + ch));
                        var place = Vector256<T>.Zero;
                        for (int p = 1; p < places; p++)
                        {
                            var v = Vector256.Create<T>(x.Slice(corner + _offsets[p] + ch));
                            var larger = Vector256.GreaterThan(v, best);
                            best = Vector256.ConditionalSelect(larger, v, best);
                            place = Vector256.ConditionalSelect(larger, Vector256.Create(T.CreateTruncating(p)), place);
                        }
                        best.CopyTo(y.Slice(o + ch));
                        if (winners is not null) place.CopyTo(from.Slice(o + ch));
                    }
                    for (int ch = vectorEnd; ch < c; ch++)
                    {
                        int bestPlace = 0;
                        T best = x[corner + ch];
                        for (int p = 1; p < places; p++)
                        {
                            T v = x[corner + _offsets[p] + ch];
                            if (v > best) (best, bestPlace) = (v, p);
                        }
                        y[o + ch] = best;
                        if (winners is not null) from[o + ch] = T.CreateTruncating(bestPlace);
                    }
                }
            }
        }
    }

    /// <summary>The gradients of images first … end − 1, each output's sent to the place of its window that won.</summary>
    private void Route(Matrix<T> outputGradient, Matrix<T> inputGradient, int first, int end)
    {
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        int c = inShape.Channels, places = PoolSize * PoolSize, vectorEnd = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
        // Windows side by side (stride = pool size) cover each input at most once, so each place's gradient is written
        // once and only what no window covers is cleared; overlapping windows add into a cleared gradient.
        bool tiled = Stride == PoolSize;
        for (int n = first; n < end; n++)
        {
            ReadOnlySpan<T> g = outputGradient.Row(n);
            ReadOnlySpan<T> from = _winners.AsSpan(n * OutputSize, OutputSize);
            var dx = inputGradient.Row(n);
            if (tiled) ClearUncovered(dx);
            else dx.Clear();
            for (int oy = 0; oy < outShape.Height; oy++)
            {
                for (int ox = 0; ox < outShape.Width; ox++)
                {
                    int o = (oy * outShape.Width + ox) * c;
                    int corner = (oy * Stride * inShape.Width + ox * Stride) * c;
                    for (int ch = 0; ch < vectorEnd; ch += Vector256<T>.Count)
                    {
                        var gradient = Vector256.Create<T>(g.Slice(o + ch));
                        var place = Vector256.Create<T>(from.Slice(o + ch));
                        for (int p = 0; p < places; p++)
                        {
                            var target = dx.Slice(corner + _offsets[p] + ch);
                            var share = gradient & Vector256.Equals(place, Vector256.Create(T.CreateTruncating(p)));
                            (tiled ? share : Vector256.Create<T>(target) + share).CopyTo(target);
                        }
                    }
                    for (int ch = vectorEnd; ch < c; ch++)
                    {
                        int won = int.CreateTruncating(from[o + ch]);
                        if (!tiled) dx[corner + _offsets[won] + ch] += g[o + ch];
                        else for (int p = 0; p < places; p++) dx[corner + _offsets[p] + ch] = p == won ? g[o + ch] : T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>Zeros the inputs that no window covers: the last rows and columns that a whole window no longer fits.</summary>
    private void ClearUncovered(Span<T> dx)
    {
        var (inShape, outShape) = (InputShape, OutputShape!.Value);
        int c = inShape.Channels, coveredRows = outShape.Height * PoolSize, coveredColumns = outShape.Width * PoolSize;
        if (coveredColumns < inShape.Width)
            for (int y = 0; y < coveredRows; y++)
                dx.Slice((y * inShape.Width + coveredColumns) * c, (inShape.Width - coveredColumns) * c).Clear();
        dx[(coveredRows * inShape.Width * c)..].Clear();
    }
}
