using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Tensors;

/// <summary>How a product's sums reach C.</summary>
internal enum GemmStore : byte
{
    /// <summary>C = Σ.</summary>
    Write,

    /// <summary>C = C + Σ.</summary>
    Add,

    /// <summary>C = C − α·Σ, with Σ complete first (so K must fit one k block).</summary>
    SubtractScaled,
}

/// <summary>The operands of one product, as raw pointers into pinned storage.</summary>
internal unsafe struct GemmOperands<T> where T : unmanaged
{
    public T* A, B, C;
    public nint Lda, Ldb, Ldc;
    public bool TransposeA, TransposeB;
    public GemmStore Store;
    public T Alpha;
    public int M, N, K;
}

/// <summary>
/// The cache-blocked loops around the micro-kernel (the Goto/BLIS scheme): a KC×NC block of op(B) is
/// packed to stay in L3 (shared by all rows), an MC×KC block of op(A) is packed to stay in L2, and one
/// KC×NR micro-panel of B stays in L1 while the kernel walks down the packed A block. When a thread's share
/// of C is narrow (few B micro-panels reuse each A panel), A is read where it is stored instead of packed.
/// </summary>
internal static unsafe class GemmDriver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int MR => GemmKernel<T>.Rows;
    private static int NR => GemmKernel<T>.Columns;

    // Sized in bytes so float and double use the caches alike: a B micro-panel of KC×NR is 16 KiB (half of L1),
    // an A block of MC×KC is 144 KiB (well inside a 1 MiB L2), a B block of KC×NC is 1 MiB (a slice of L3).
    // MC and NC are multiples of MR and NR, so evened-out blocks never exceed them.
    private static int KC => MaxK;

    /// <summary>The k block: a product with K up to this is summed in one pass of the micro-kernel.</summary>
    internal const int MaxK = 256;
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

        // A read in place needs no packing; only a ragged last row panel is packed (padded with zeros).
        bool direct = ReadsAInPlace(colEnd - colStart);
        for (int jc = colStart; jc < colEnd; jc += ncMax)
        {
            int nc = Math.Min(ncMax, colEnd - jc);
            for (int pc = 0; pc < g.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, g.K - pc);
                // The first k block stores as asked (write, add, or subtract scaled: then it is the only block); later blocks add.
                GemmStore store = pc > 0 ? GemmStore.Add : g.Store;
                GemmPacking<T>.PackB(g.B, g.Ldb, g.TransposeB, pc, kc, jc, nc, packB);
                for (int ic = rowStart; ic < rowEnd; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, rowEnd - ic);
                    if (!direct)
                        GemmPacking<T>.PackA(g.A, g.Lda, g.TransposeA, ic, mc, pc, kc, packA);
                    else if (mc % MR != 0)
                        GemmPacking<T>.PackA(g.A, g.Lda, g.TransposeA, ic + mc - mc % MR, mc % MR, pc, kc, packA);
                    MacroKernel(g, packA, packB, tile, ic, mc, jc, nc, pc, kc, store, direct);
                }
            }
        }
    }

    /// <summary>
    /// Whether the kernel should read op(A) where it is stored rather than from a packed copy. Packing copies A
    /// once per column band and pays back only when many B micro-panels reuse it; a dense layer's products are
    /// narrow (n = 128 over two threads is four panels each), so there the copy costs more than it saves.
    /// </summary>
    /// <remarks>
    /// Up to eight panels (128 float columns) reading in place measured faster in every layout tried on the
    /// 2-core EPYC (64×784×128 on two threads 157 → 186 GFLOP/s, 64×128×10 29 → 46); at 16 panels and more
    /// it is a wash or slower (1024³ with A transposed, one thread: 103 → 81), so those pack A.
    /// </remarks>
    private static bool ReadsAInPlace(int columns) => (columns + NR - 1) / NR <= InPlaceMaxPanels;

    private const int InPlaceMaxPanels = 8;

    /// <summary>Runs the micro-kernel over every MR×NR tile of one MC×KC block of A by a packed KC×NC block of B.</summary>
    private static void MacroKernel(in GemmOperands<T> g, T* packA, T* packB, T* tile, int ic, int mc, int jc, int nc, int pc, int kc, GemmStore store, bool direct)
    {
        // op(A)[i, p] sits at A + i·rowStride + p·stepStride.
        nint rowStride = g.TransposeA ? 1 : g.Lda, stepStride = g.TransposeA ? g.Lda : 1;
        for (int jr = 0; jr < nc; jr += NR)
        {
            int nr = Math.Min(NR, nc - jr);
            T* panelB = packB + (nint)jr * kc;
            for (int ir = 0; ir < mc; ir += MR)
            {
                int mr = Math.Min(MR, mc - ir);
                T* c = g.C + (ic + ir) * g.Ldc + jc + jr;
                bool full = nr == NR && mr == MR;
                T* target = full ? c : tile;
                nint ldTarget = full ? g.Ldc : NR;
                GemmStore tileStore = full ? store : GemmStore.Write;
                if (direct && mr == MR)
                {
                    T* panelA = g.A + (ic + ir) * rowStride + pc * stepStride;
                    GemmKernel<T>.RunStrided(kc, panelA, rowStride, stepStride, panelB, target, ldTarget, tileStore, g.Alpha);
                }
                else
                {
                    GemmKernel<T>.Run(kc, direct ? packA : packA + (nint)ir * kc, panelB, target, ldTarget, tileStore, g.Alpha);
                }
                // A ragged edge was computed aside as a full tile: store only the part inside C.
                if (!full) WriteEdge(tile, c, g.Ldc, mr, nr, store, g.Alpha);
            }
        }
    }

    private static void WriteEdge(T* tile, T* c, nint ldc, int mr, int nr, GemmStore store, T alpha)
    {
        for (int r = 0; r < mr; r++, c += ldc, tile += NR)
        {
            for (int j = 0; j < nr; j++)
                c[j] = Stored(c[j], tile[j], store, alpha);
        }
    }

    /// <summary>What C's element <paramref name="c"/> becomes given its sum <paramref name="sum"/>: the scalar form of the kernel's store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Stored(T c, T sum, GemmStore store, T alpha) => store switch
    {
        GemmStore.Add => c + sum,
        GemmStore.SubtractScaled => c - alpha * sum,
        _ => sum,
    };

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
