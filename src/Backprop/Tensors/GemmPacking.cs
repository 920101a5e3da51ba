using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
                for (int p = 0; p < kc; p++, dst += NR)
                {
                    T* src = col + p;
                    for (int j = 0; j < nr; j++, src += ldb) dst[j] = *src;
                    for (int j = nr; j < NR; j++) dst[j] = default;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(T* src, T* dst, int count, int width)
    {
        for (int i = 0; i < count; i++) dst[i] = src[i];
        for (int i = count; i < width; i++) dst[i] = default;
    }
}
