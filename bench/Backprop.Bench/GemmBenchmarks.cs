using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Backprop.Tensors;

namespace Backprop.Bench;

/// <summary>
/// Float products of the sizes a small network meets (a dense layer forward on MNIST: [64×784]·[784×128]
/// and [64×128]·[128×10]) and two square ones, to compare with bench/gemm_numpy.py (OpenBLAS).
/// </summary>
[Config(typeof(Config))]
public class GemmBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new GflopsColumn());
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    private Matrix<float> _a = null!, _b = null!, _c = null!;
    private ComputeContext _context = null!;
    private GemmShape _shape;

    /// <summary>m×k×n of op(A)·op(B); the ":TA"/":TB" ones are the backward products of the same layer.</summary>
    [Params("64x784x128", "784x64x128:TA", "64x128x784:TB", "64x128x10", "256x256x256", "1024x1024x1024")]
    public string Shape { get; set; } = "";

    /// <summary>The thread limit; the machine this was tuned on has 2 cores.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _shape = GemmShape.Parse(Shape);
        var (m, k, n) = (_shape.M, _shape.K, _shape.N);
        var random = new System.Random(42);
        _a = _shape.TransposeA ? Filled(random, k, m) : Filled(random, m, k);
        _b = _shape.TransposeB ? Filled(random, n, k) : Filled(random, k, n);
        _c = new Matrix<float>(m, n);
        _context = new ComputeContext(Threads);
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    [Benchmark]
    public void Multiply()
    {
        using var scope = _context.Use();
        Gemm.Multiply(_a, _b, _c, _shape.TransposeA, _shape.TransposeB);
    }

    private static Matrix<float> Filled(System.Random random, int rows, int columns)
    {
        var matrix = new Matrix<float>(rows, columns);
        Span<float> values = matrix.AsSpan();
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return matrix;
    }
}
