using Backprop.Tensors;

namespace Backprop.Tests;

public class GemmPoolStressTests
{
    [Fact]
    public async Task ThousandsOfBackToBackParallelProducts_NeverHang()
    {
        // A lost wake-up in the worker pool once hung training about one run in three: the waiter's reset of
        // its signal was a plain store that x86 could delay past its next read and so erase a concurrent Set.
        // The smallest product that is split over two threads, so caller and worker finish almost together.
        var a = new Matrix<float>(64, 64);
        var b = new Matrix<float>(64, 256);
        var c = new Matrix<float>(64, 256);
        var rng = new Random.NumPyRandomState(2);
        for (int i = 0; i < a.Length; i++) a.AsSpan()[i] = (float)rng.RandomSample();
        for (int i = 0; i < b.Length; i++) b.AsSpan()[i] = (float)rng.RandomSample();
        var run = Task.Run(() =>
        {
            for (int i = 0; i < 300_000; i++) Gemm.Multiply(a, b, c);
        });
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120)));
        Assert.True(finished == run, "a parallel product never returned");
    }
}
