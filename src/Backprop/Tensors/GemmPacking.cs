using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the order the micro-kernel reads them, straight from the stored
/// layout (so a transpose is never materialised). Ragged edges are padded with zeros, which lets the
/// kernel always run full tiles: the padding only adds exact zeros to sums nobody reads.
/// </summary>
internal static unsafe class GemmPacking<T> where T : unmanaged
{
    private static int MR => GemmKernel<T>.Rows;
    private static int NR => GemmKernel<T>.Columns;

    /// <summary>
    /// Packs rows [<paramref name="i0"/>, i0+mc) and columns [<paramref name="p0"/>, p0+kc) of op(A)
    /// as micro-panels of MR rows: panel r holds, for each p, the MR values op(A)[i, p] side by side.
    /// </summary>
    public static void PackA(T* a, nint lda, bool transposed, int i0, int mc, int p0, int kc, T* dst)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int mr = Math.Min(MR, mc - ir);
            if (transposed)
            {
                // op(A)[i, p] = A[p, i]: each step's MR values are contiguous in A.
                T* src = a + (nint)p0 * lda + i0 + ir;
                for (int p = 0; p < kc; p++, src += lda, dst += MR)
                    CopyPadded(src, dst, mr, MR);
            }
            else if (mr == MR)
            {
                // op(A)[i, p] = A[i, p]: read six rows side by side, write one step at a time.
                T* r0 = a + (nint)(i0 + ir) * lda + p0;
                T* r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda;
                for (int p = 0; p < kc; p++, dst += MR)
                {
                    dst[0] = r0[p];
                    dst[1] = r1[p];
                    dst[2] = r2[p];
                    dst[3] = r3[p];
                    dst[4] = r4[p];
                    dst[5] = r5[p];
                }
            }
            else
            {
                T* row = a + (nint)(i0 + ir) * lda + p0;
                for (int p = 0; p < kc; p++, dst += MR)
                {
                    for (int r = 0; r < mr; r++) dst[r] = row[r * lda + p];
                    for (int r = mr; r < MR; r++) dst[r] = default;
                }
            }
        }
    }

    /// <summary>
    /// Packs rows [<paramref name="p0"/>, p0+kc) and columns [<paramref name="j0"/>, j0+nc) of op(B)
    /// as micro-panels of NR columns: panel j holds, for each p, the NR values op(B)[p, j] side by side.
    /// </summary>
    public static void PackB(T* b, nint ldb, bool transposed, int p0, int kc, int j0, int nc, T* dst)
    {
        int w = Vector256<T>.Count;
        for (int jr = 0; jr < nc; jr += NR)
        {
            int nr = Math.Min(NR, nc - jr);
            if (!transposed)
            {
                // op(B)[p, j] = B[p, j]: each step's NR values are contiguous in B.
                T* src = b + (nint)p0 * ldb + j0 + jr;
                if (nr == NR)
                {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR)
                    {
                        Vector256.Load(src).Store(dst);
                        Vector256.Load(src + w).Store(dst + w);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR)
                        CopyPadded(src, dst, nr, NR);
                }
            }
            else
            {
                // op(B)[p, j] = B[j, p]: gather one value from each of NR rows per step.
                T* col = b + (nint)(j0 + jr) * ldb + p0;
                int p = 0;
                if (typeof(T) == typeof(float) && Avx.IsSupported && nr == NR)
                {
                    // Eight steps at a time: two 8×8 transposes (rows 0..7 and 8..15 of the panel).
                    for (; p + 8 <= kc; p += 8, dst += 8 * NR)
                    {
                        Transpose8x8((float*)(col + p), ldb, (float*)dst);
                        Transpose8x8((float*)(col + 8 * ldb + p), ldb, (float*)dst + 8);
                    }
                }
                for (; p < kc; p++, dst += NR)
                {
                    T* src = col + p;
                    for (int j = 0; j < nr; j++, src += ldb) dst[j] = *src;
                    for (int j = nr; j < NR; j++) dst[j] = default;
                }
            }
        }
    }

    /// <summary>
    /// Writes the transpose of the 8×8 block at <paramref name="src"/> (rows <paramref name="ld"/> apart) to
    /// eight rows of <paramref name="dst"/>, NR apart: dst[q·NR + r] = src[r·ld + q]. Pure data movement.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint ld, float* dst)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + ld);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * ld), r3 = Avx.LoadVector256(src + 3 * ld);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * ld), r5 = Avx.LoadVector256(src + 5 * ld);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * ld), r7 = Avx.LoadVector256(src + 7 * ld);
        // Interleave pairs of rows, then pairs of pairs: each 128-bit half then holds a 4×4 block transposed.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        // Join the low halves (steps 0..3) and the high halves (steps 4..7) of rows 0..3 and 4..7.
        int nr = NR;
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + nr, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * nr, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * nr, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * nr, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * nr, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * nr, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * nr, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(T* src, T* dst, int count, int width)
    {
        for (int i = 0; i < count; i++) dst[i] = src[i];
        for (int i = count; i < width; i++) dst[i] = default;
    }
}
