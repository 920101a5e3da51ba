using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Optimizers;

/// <summary>
/// Adam's update of one weight at step t, written once: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// w ← w − (η/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). <see cref="Adam{T}"/>'s loop and the product that takes the step in its
/// store (<c>GemmStore.AdamStep</c>, the trainer's fused backward) both call it, so the two give the same bits.
/// </summary>
internal readonly struct AdamRule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _b1, _a1, _b2, _a2, _eps, _step, _invSqrt2;

    /// <summary>The rule for step <paramref name="step"/> (from 1) with rate <paramref name="learningRate"/>.</summary>
    public AdamRule(double beta1, double beta2, T epsilon, T learningRate, long step)
    {
        (_b1, _b2, _eps) = (T.CreateChecked(beta1), T.CreateChecked(beta2), epsilon);
        (_a1, _a2) = (T.One - _b1, T.One - _b2);
        // Folded as PyTorch does: one square root and one division per weight instead of three divisions.
        _step = learningRate / (T.One - T.CreateChecked(Math.Pow(beta1, step)));
        _invSqrt2 = T.One / T.Sqrt(T.One - T.CreateChecked(Math.Pow(beta2, step)));
    }

    /// <summary>One weight's step, given its gradient <paramref name="g"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(ref T w, ref T m, ref T v, T g)
    {
        m = _b1 * m + _a1 * g;                          // first moment
        v = _b2 * v + _a2 * g * g;                      // second moment
        w -= _step * (m / (T.Sqrt(v) * _invSqrt2 + _eps));
    }

    /// <summary>A vector of weights' steps: lane by lane the same operations, in the same order, as the scalar one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Step(T* w, T* m, T* v, Vector256<T> g)
    {
        var mi = Vector256.Create(_b1) * Vector256.Load(m) + Vector256.Create(_a1) * g;
        var vi = Vector256.Create(_b2) * Vector256.Load(v) + Vector256.Create(_a2) * g * g;
        mi.Store(m);
        vi.Store(v);
        (Vector256.Load(w) - Vector256.Create(_step) * (mi / (Vector256.Sqrt(vi) * Vector256.Create(_invSqrt2) + Vector256.Create(_eps)))).Store(w);
    }
}
