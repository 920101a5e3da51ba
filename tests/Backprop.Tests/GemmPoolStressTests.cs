using Backprop.Tensors;

namespace Backprop.Tests;

public class GemmPoolStressTests
{
    /// <summary>64×64 by 64×256, random, and room for the product.</summary>
    private static (Matrix<float> A, Matrix<float> B, Matrix<float> C) Operands(uint seed)
    {
        var a = new Matrix<float>(64, 64);
        var b = new Matrix<float>(64, 256);
        var rng = new Random.NumPyRandomState(seed);
        for (int i = 0; i < a.Length; i++) a.AsSpan()[i] = (float)rng.RandomSample();
        for (int i = 0; i < b.Length; i++) b.AsSpan()[i] = (float)rng.RandomSample();
        return (a, b, new Matrix<float>(64, 256));
    }

    [Fact]
    public async Task ThousandsOfBackToBackParallelProducts_NeverHang()
    {
        // A lost wake-up in the worker pool once hung training about one run in three: the waiter's reset of
        // its signal was a plain store that x86 could delay past its next read and so erase a concurrent Set.
        // The smallest product that is split over two threads, so caller and worker finish almost together.
        var (a, b, c) = Operands(seed: 2);
        var run = Task.Run(() =>
        {
            for (int i = 0; i < 300_000; i++) Gemm.Multiply(a, b, c);
        });
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120)));
        Assert.True(finished == run, "a parallel product never returned");
    }

    /// <summary>Counts to a given number: a posted job whose result shows that it ran, and ran once.</summary>
    private sealed class Counting : ParallelWork
    {
        public int Target, Count;
        public override void Execute(int chunk) { for (int i = 0; i < Target; i++) Count++; }
    }

    [Fact]
    public async Task PostedJobsBetweenParallelProducts_AllRun_AndNothingHangs()
    {
        // The trainer hands the next batch's gather to the first worker while products keep coming: the worker must
        // run the job exactly once, then still join (or miss) the products, and WaitPosted must always return.
        var (a, b, c) = Operands(seed: 3);
        var expected = new Matrix<float>(64, 256);
        Gemm.Multiply(a, b, expected, false, false, false, maxThreads: 1);
        int posted = 0, wrong = 0;
        var run = Task.Run(() =>
        {
            // A context of its own: its pool's worker serves this test alone.
            using var context = new ComputeContext(threads: 2);
            using var scope = context.Use();
            var pool = context.Pool;
            var job = new Counting();
            for (int i = 0; i < 50_000; i++)
            {
                job.Count = 0;
                job.Target = i % 500;
                bool ran = pool.TryPost(job, threads: 2);
                Gemm.Multiply(a, b, c, false, false, false, maxThreads: 2);
                if (ran)
                {
                    posted++;
                    pool.WaitPosted();
                    if (job.Count != job.Target) wrong++;
                }
                if (!c.AsSpan().SequenceEqual(expected.AsSpan())) wrong++;
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120)));
        Assert.True(finished == run, "a posted job or a product never returned");
        await run;
        Assert.Equal(0, wrong);
        // Its own pool: no other test holds the posted slot, so every job goes through.
        Assert.True(posted > 5_000, $"{posted} of 50,000 jobs posted");
    }
}
