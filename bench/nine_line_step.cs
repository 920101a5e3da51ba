#:project ../src/Backprop/Backprop.csproj
#:property AllowUnsafeBlocks=true
// The 9-line neuron built from the library's layers and Trainer (float64, full batch, 10,000 iterations), timed over
// 300 runs in one process: wall-clock best and median, and the median of the thread's own CPU time (Linux's
// CLOCK_THREAD_CPUTIME_ID), which leaves out the time other processes take the core on a shared machine. Copied beside
// another checkout (a `git worktree` of an older commit) it times that build, so two builds can be alternated:
//   dotnet run -c Release bench/nine_line_step.cs [runs]
using System.Diagnostics;
using System.Runtime.InteropServices;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Training;

int runs = args.Length > 0 ? int.Parse(args[0]) : 300;
var data = ToyData.SigmoidNeuron<double>();
double weight = 0;
var wall = new double[runs];
var cpu = new double[runs];
for (int r = 0; r < runs; r++)
{
    long start = Stopwatch.GetTimestamp();
    double cpuStart = ThreadCpu.Milliseconds();
    var network = new Network<double>(3, [new Dense<double>(1, bias: false, new Initializer.Uniform(-1, 1)), new Sigmoid<double>()], new NumPyRandomState(1));
    var trainer = new Trainer<double>(network, new HalfSumSquares<double>(), new Sgd<double>(1.0)) { Epochs = 10_000 };
    trainer.Fit(data);
    cpu[r] = ThreadCpu.Milliseconds() - cpuStart;
    wall[r] = (Stopwatch.GetTimestamp() - start) * 1e3 / Stopwatch.Frequency;
    weight = network.Parameters[0].Value[0, 0];
}
Array.Sort(wall);
Array.Sort(cpu);
Console.WriteLine($"wall best {wall[0]:F3} ms, median {wall[runs / 2]:F3} ms; thread CPU best {cpu[0]:F3} ms, median {cpu[runs / 2]:F3} ms; {runs} runs (w[0] = {weight:R})");

static unsafe class ThreadCpu
{
    [DllImport("libc")] private static extern int clock_gettime(int clock, long* timespec);

    /// <summary>This thread's CPU time (CLOCK_THREAD_CPUTIME_ID = 3), in milliseconds.</summary>
    public static double Milliseconds()
    {
        long* ts = stackalloc long[2];
        clock_gettime(3, ts);
        return ts[0] * 1e3 + ts[1] * 1e-6;
    }
}
