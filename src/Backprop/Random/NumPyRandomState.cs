namespace Backprop.Random;

/// <summary>
/// A Mersenne Twister (MT19937) that reproduces NumPy 1.24's legacy <c>np.random.RandomState</c>
/// bit for bit: <c>np.random.seed(n)</c>, <c>random_sample</c>, <c>randn</c> (polar Box–Muller with its
/// cached second value), <c>randint</c> (masked rejection sampling), <c>shuffle</c> and <c>permutation</c>.
/// The tutorials' printed numbers depend on this exact sequence.
/// </summary>
public sealed class NumPyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Seeds like <c>np.random.seed(seed)</c>.</summary>
    public NumPyRandomState(uint seed) => Seed(seed);

    /// <summary>Re-seeds like <c>np.random.seed(seed)</c>; also forgets a cached normal value.</summary>
    public void Seed(uint seed)
    {
        // NumPy's legacy seeding of an integer is MT19937's init_genrand (Knuth's multiplier 1812433253).
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
            _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = N;
        _hasGauss = false;
        _gauss = 0;
    }

    /// <summary>The next raw 32-bit output of the generator.</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        // Tempering.
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    // Each new word mixes words i, i + 1 and i + M (mod N). The loop is cut where those indices wrap, so it needs no
    // modulo (a division per word made dropout's masks cost 14 ns a draw), and the odd-bit XOR is a mask, not a branch.
    private void Twist()
    {
        var mt = _mt;
        int i = 0;
        for (; i < N - M; i++) mt[i] = Mix(mt[i], mt[i + 1], mt[i + M]);
        for (; i < N - 1; i++) mt[i] = Mix(mt[i], mt[i + 1], mt[i + M - N]);
        mt[N - 1] = Mix(mt[N - 1], mt[0], mt[M - 1]);
        _index = 0;
    }

    private static uint Mix(uint current, uint next, uint far)
    {
        uint y = (current & 0x80000000u) | (next & 0x7fffffffu);
        return far ^ (y >> 1) ^ (0x9908b0dfu & (0u - (y & 1)));
    }

    /// <summary>A double in [0, 1) with 53 random bits, like <c>np.random.random_sample()</c>.</summary>
    public double RandomSample()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>Fills <paramref name="destination"/> with <see cref="RandomSample()"/> values, like <c>np.random.random(size)</c>.</summary>
    public void RandomSample(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = RandomSample();
    }

    /// <summary>
    /// A standard normal value, like <c>np.random.randn()</c>: the polar Box–Muller method, which makes
    /// two values at a time and returns the cached second one on the next call.
    /// </summary>
    public double StandardNormal()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * RandomSample() - 1.0;
            x2 = 2.0 * RandomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>An integer in [<paramref name="low"/>, <paramref name="high"/>), like <c>np.random.randint(low, high)</c>.</summary>
    public long RandInt(long low, long high)
    {
        if (high <= low) throw new ArgumentOutOfRangeException(nameof(high), $"randint needs low < high, got [{low}, {high}).");
        return low + (long)Interval((ulong)(high - low - 1));
    }

    /// <summary>An integer in [0, <paramref name="high"/>), like <c>np.random.randint(high)</c>.</summary>
    public long RandInt(long high) => RandInt(0, high);

    /// <summary>
    /// A uniform integer in [0, max] by masked rejection: draw, keep the bits below the smallest
    /// all-ones mask covering max, and retry while the value is above max. Ranges that fit in 32 bits
    /// use one 32-bit draw per try, as NumPy does.
    /// </summary>
    private ulong Interval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4;
        mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        ulong value;
        if (max <= 0xffffffffUL)
        {
            while ((value = NextUInt32() & mask) > max) { }
        }
        else
        {
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > max) { }
        }
        return value;
    }

    /// <summary>Shuffles in place like <c>np.random.shuffle</c> (Fisher–Yates from the end).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)Interval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>A shuffled 0..n−1, like <c>np.random.permutation(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = i;
        Shuffle<int>(result);
        return result;
    }

    /// <summary>The full generator state, for checkpoints.</summary>
    public RandomStateSnapshot GetState() => new(_mt.ToArray(), _index, _hasGauss, _gauss);

    /// <summary>Restores a state taken with <see cref="GetState"/>.</summary>
    public void SetState(RandomStateSnapshot state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Key.Length != N) throw new ArgumentException($"An MT19937 state has {N} words, got {state.Key.Length}.");
        state.Key.CopyTo(_mt, 0);
        _index = state.Position;
        _hasGauss = state.HasGauss;
        _gauss = state.CachedGaussian;
    }
}

/// <summary>The state of a <see cref="NumPyRandomState"/>, as NumPy's <c>get_state()</c> gives it.</summary>
/// <param name="Key">The 624 words of the twister.</param>
/// <param name="Position">The index of the next word to temper.</param>
/// <param name="HasGauss">Whether a second normal value is cached.</param>
/// <param name="CachedGaussian">The cached normal value.</param>
public sealed record RandomStateSnapshot(uint[] Key, int Position, bool HasGauss, double CachedGaussian);
