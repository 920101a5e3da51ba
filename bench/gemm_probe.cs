#:project ../src/Backprop/Backprop.csproj
#:property PublishAot=false
#:property AllowUnsafeBlocks=true
// The GEMM's peak on this machine, measured in the benchmark's own run, for its floor (bench/compare.sh), and the
// experiment behind bench/RESULTS.md's "GEMM oddity" (a small product slower after a large one in the same process).
// Usage: dotnet run -c Release bench/gemm_probe.cs peak
//          one JSON line: the best GFLOP/s of 256³ and 512³ float products on 1 and on 2 threads (best of 7 timed
//          batches of ~40 ms each, after a warm-up), the figure an epoch's flops are divided by.
//        dotnet run -c Release bench/gemm_probe.cs order SHAPE,SHAPE,...
//          times each listed m×k×n product in turn on one thread (after a 1.5 s warm-up each, best of 7 batches), in
//          that order, in this one process: "64x784x128,1024x1024x1024,64x784x128" shows whether the large product
//          changes the small one. Also by the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which leaves out the time
//          other processes take the core on a shared machine.
using System.Diagnostics;
using System.Text.Json;
using Backprop.Tensors;

if (args.Length > 0 && args[0] == "peak")
{
    var best = new Dictionary<string, double>();
    foreach (int threads in new[] { 1, 2 })
        best[threads.ToString()] = new[] { (256, 256, 256), (512, 512, 512) }.Max(s => GflopsOf(s, threads, 0.3).Wall);
    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["gemm_peak_gflops"] = best, ["shapes"] = "256^3, 512^3 float" }));
}
else if (args.Length > 1 && args[0] == "order")
{
    foreach (string shape in args[1].Split(','))
    {
        var parts = shape.Split('x').Select(int.Parse).ToArray();
        var (wall, cpu) = GflopsOf((parts[0], parts[1], parts[2]), 1, 1.5);
        Console.WriteLine($"{shape}: {wall:F1} GFLOP/s on the clock, {cpu:F1} by the thread's CPU time");
    }
}
else
{
    Console.Error.WriteLine("usage: gemm_probe.cs peak | order SHAPE,SHAPE,...  (SHAPE m×k×n as 64x784x128)");
    return 2;
}
return 0;

// The best of 7 timed batches of back-to-back products [m×k]·[k×n], each batch about 40 ms, after a warm-up: GFLOP/s
// on the clock and by the calling thread's CPU time (the latter meaningful on one thread only).
static (double Wall, double Cpu) GflopsOf((int M, int K, int N) s, int threads, double warmupSeconds)
{
    var random = new Random(42);
    Matrix<float> a = Filled(random, s.M, s.K), b = Filled(random, s.K, s.N), c = new(s.M, s.N);
    using var context = new ComputeContext(threads);
    using var scope = context.Use();
    double flops = 2.0 * s.M * s.K * s.N;
    var clock = Stopwatch.StartNew();
    int calls = 0;
    while (clock.Elapsed.TotalSeconds < warmupSeconds) { Gemm.Multiply(a, b, c); calls++; }
    int perBatch = Math.Max(1, (int)(calls * 0.04 / warmupSeconds));
    double bestSeconds = double.MaxValue, bestCpu = double.MaxValue;
    for (int batch = 0; batch < 7; batch++)
    {
        double cpu = ThreadCpuSeconds();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < perBatch; i++) Gemm.Multiply(a, b, c);
        bestSeconds = Math.Min(bestSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds / perBatch);
        bestCpu = Math.Min(bestCpu, (ThreadCpuSeconds() - cpu) / perBatch);
    }
    return (flops / bestSeconds / 1e9, flops / bestCpu / 1e9);
}

static unsafe double ThreadCpuSeconds()
{
    long* ts = stackalloc long[2];
    _ = Native.clock_gettime(3, ts);   // CLOCK_THREAD_CPUTIME_ID
    return ts[0] + ts[1] * 1e-9;
}

static Matrix<float> Filled(Random random, int rows, int columns)
{
    var matrix = new Matrix<float>(rows, columns);
    Span<float> values = matrix.AsSpan();
    for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
    return matrix;
}

static unsafe class Native
{
    [System.Runtime.InteropServices.DllImport("libc")] public static extern int clock_gettime(int clock, long* timespec);
}
