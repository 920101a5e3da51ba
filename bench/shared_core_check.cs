#:project ../src/Backprop/Backprop.csproj
#:property TieredCompilation=false
#:property AllowUnsafeBlocks=true
// Do this machine's first two CPUs share one physical core, now and then? (Linux only.)
// Once a second, for the given seconds: single-threaded 64×784×128 products pinned to CPU 0 alone, to CPU 1 alone,
// then to both at once. Two real cores give about the same GFLOP/s together as alone; two SMT siblings of one core
// (or two vCPUs the host runs on one) give about half each together. On the project's VM that happened for
// stretches of a few seconds. Usage: dotnet run -c Release bench/shared_core_check.cs [seconds]
using System.Diagnostics;
using System.Runtime.InteropServices;
using Backprop.Tensors;

var oneThread = new ComputeContext(threads: 1);
double seconds = args.Length > 0 ? double.Parse(args[0]) : 30;
var clock = Stopwatch.StartNew();
int shared = 0, rounds = 0;
while (clock.Elapsed.TotalSeconds < seconds)
{
    double alone0 = OnThread(() => Rate(0)), alone1 = OnThread(() => Rate(1));
    double both0 = 0, both1 = 0;
    var t0 = new Thread(() => both0 = Rate(0));
    var t1 = new Thread(() => both1 = Rate(1));
    t0.Start(); t1.Start(); t0.Join(); t1.Join();
    bool halved = both0 + both1 < 0.65 * (alone0 + alone1);
    shared += halved ? 1 : 0;
    rounds++;
    Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:F1}s  alone: CPU0 {alone0,4:F0}  CPU1 {alone1,4:F0}   together: {both0,4:F0} + {both1,4:F0} GFLOP/s{(halved ? "   <- one core's worth" : "")}");
}
Console.WriteLine($"{shared} of {rounds} rounds gave two threads one core's worth of arithmetic.");

static double OnThread(Func<double> work)
{
    double result = 0;
    var thread = new Thread(() => result = work());
    thread.Start();
    thread.Join();
    return result;
}

// GFLOP/s of back-to-back products for 0.3 s on this thread, pinned to one CPU.
unsafe double Rate(int cpu)
{
    ulong mask = 1UL << cpu;
    if (sched_setaffinity(0, sizeof(ulong), &mask) != 0) throw new InvalidOperationException($"cannot pin to CPU {cpu}");
    var a = new Matrix<float>(64, 784);
    var b = new Matrix<float>(784, 128);
    var c = new Matrix<float>(64, 128);
    a.Fill(1);
    b.Fill(0.5f);
    long products = 0;
    using var single = oneThread.Use();
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < 0.3) { Gemm.Multiply(a, b, c); products++; }
    return products * 2.0 * 64 * 784 * 128 / clock.Elapsed.TotalSeconds / 1e9;
}

[DllImport("libc", SetLastError = true)]
static extern unsafe int sched_setaffinity(int pid, nint size, ulong* mask);
