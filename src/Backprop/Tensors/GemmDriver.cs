using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Tensors;

/// <summary>The operands of one product, as raw pointers into pinned storage.</summary>
internal unsafe struct GemmOperands<T> where T : unmanaged
{
    public T* A, B, C;
    public nint Lda, Ldb, Ldc;
    public bool TransposeA, TransposeB, Accumulate;
    public int M, N, K;
}

/// <summary>
/// The cache-blocked loops around the micro-kernel (the Goto/BLIS scheme): a KC×NC block of op(B) is
/// packed to stay in L3 (shared by all rows), an MC×KC block of op(A) is packed to stay in L2, and one
/// KC×NR micro-panel of B stays in L1 while the kernel walks down the packed A block.
/// </summary>
internal static unsafe class GemmDriver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int MR => GemmKernel<T>.Rows;
    private static int NR => GemmKernel<T>.Columns;

    // Sized in bytes so float and double use the caches alike: a B micro-panel of KC×NR is 16 KiB (half of L1),
    // an A block of MC×KC is 144 KiB (well inside a 1 MiB L2), a B block of KC×NC is 1 MiB (a slice of L3).
    // MC and NC are multiples of MR and NR, so evened-out blocks never exceed them.
    private static int KC => 256;
    private static int MC => 576 / Unsafe.SizeOf<T>();
    private static int NC => 4096 / Unsafe.SizeOf<T>();

    // Packing buffers per thread (the caller and each pool worker), made once at their full block size and
    // reused by every product after, so no product allocates once a thread has its buffers. Pinned so a raw
    // pointer stays valid.
    [ThreadStatic] private static T[]? t_packA;
    [ThreadStatic] private static T[]? t_packB;

    /// <summary>Makes this thread's packing buffers, if it has none yet.</summary>
    public static void ReserveBuffers()
    {
        t_packA ??= NewBuffer(MC * KC);
        t_packB ??= NewBuffer(NC * KC);
    }

    /// <summary>
    /// Computes rows [<paramref name="rowStart"/>, rowEnd) × columns [<paramref name="colStart"/>, colEnd) of C.
    /// The k blocks depend on K alone and are summed in order, so each element's arithmetic is the same
    /// whichever range it falls in: results do not depend on how the rows and columns are shared out.
    /// </summary>
    public static void Compute(in GemmOperands<T> g, int rowStart, int rowEnd, int colStart, int colEnd)
    {
        int kcMax = BlockSize(g.K, KC, 1);
        int mcMax = BlockSize(rowEnd - rowStart, MC, MR);
        int ncMax = BlockSize(colEnd - colStart, NC, NR);
        ReserveBuffers();
        T* packA = Aligned(t_packA!);
        T* packB = Aligned(t_packB!);
        T* tile = stackalloc T[MR * NR];

        for (int jc = colStart; jc < colEnd; jc += ncMax)
        {
            int nc = Math.Min(ncMax, colEnd - jc);
            for (int pc = 0; pc < g.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, g.K - pc);
                // The first k block writes C (or adds to it when accumulating); later blocks add.
                bool add = pc > 0 || g.Accumulate;
                GemmPacking<T>.PackB(g.B, g.Ldb, g.TransposeB, pc, kc, jc, nc, packB);
                for (int ic = rowStart; ic < rowEnd; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, rowEnd - ic);
                    GemmPacking<T>.PackA(g.A, g.Lda, g.TransposeA, ic, mc, pc, kc, packA);
                    MacroKernel(g, packA, packB, tile, ic, mc, jc, nc, kc, add);
                }
            }
        }
    }

    /// <summary>Runs the micro-kernel over every MR×NR tile of one packed MC×KC by KC×NC block pair.</summary>
    private static void MacroKernel(in GemmOperands<T> g, T* packA, T* packB, T* tile, int ic, int mc, int jc, int nc, int kc, bool add)
    {
        for (int jr = 0; jr < nc; jr += NR)
        {
            int nr = Math.Min(NR, nc - jr);
            T* panelB = packB + (nint)jr * kc;
            for (int ir = 0; ir < mc; ir += MR)
            {
                int mr = Math.Min(MR, mc - ir);
                T* panelA = packA + (nint)ir * kc;
                T* c = g.C + (ic + ir) * g.Ldc + jc + jr;
                if (mr == MR && nr == NR)
                {
                    GemmKernel<T>.Run(kc, panelA, panelB, c, g.Ldc, add);
                }
                else
                {
                    // A ragged edge: compute the full tile aside, then write only the part inside C.
                    GemmKernel<T>.Run(kc, panelA, panelB, tile, NR, add: false);
                    WriteEdge(tile, c, g.Ldc, mr, nr, add);
                }
            }
        }
    }

    private static void WriteEdge(T* tile, T* c, nint ldc, int mr, int nr, bool add)
    {
        for (int r = 0; r < mr; r++, c += ldc, tile += NR)
        {
            for (int j = 0; j < nr; j++)
                c[j] = add ? c[j] + tile[j] : tile[j];
        }
    }

    /// <summary>
    /// The block size for <paramref name="total"/> items at most <paramref name="max"/> per block, evened out
    /// so the last block is not a sliver, and rounded up to a multiple of <paramref name="align"/>.
    /// </summary>
    internal static int BlockSize(int total, int max, int align)
    {
        if (total <= 0) return align;
        int blocks = (total + max - 1) / max;
        int size = (total + blocks - 1) / blocks;
        return (size + align - 1) / align * align;
    }

    private const int Alignment = 64;

    private static T[] NewBuffer(int length) => GC.AllocateUninitializedArray<T>(length + Alignment / Unsafe.SizeOf<T>(), pinned: true);

    /// <summary>The first 64-byte-aligned element of a pinned buffer: B micro-panel rows then start on cache lines.</summary>
    private static T* Aligned(T[] buffer)
    {
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((start + Alignment - 1) & ~(nint)(Alignment - 1));
    }
}
