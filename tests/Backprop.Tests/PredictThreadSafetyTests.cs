using Backprop.Serialization;

namespace Backprop.Tests;

public sealed class PredictThreadSafetyTests : IDisposable
{
    private const int Threads = 8;
    private const int PredictionsPerThread = 1000;

    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ALoadedModel_PredictingFromEightThreadsAtOnce_GivesTheSequentialResults()
    {
        string path = Path.Combine(_folder.Path, "m.safetensors");
        SampleModels.EveryLayer<float>().Save(path);
        var network = ModelFile.Load<float>(path).Network;
        var inputs = SampleModels.Inputs<float>(PredictionsPerThread).ToRows();
        var expected = inputs.Select(x => network.Predict(x)).ToArray();

        var results = new float[Threads][][];
        var errors = new Exception?[Threads];
        using var start = new Barrier(Threads);   // every thread begins together, so the predictions really overlap
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                // Each thread walks the inputs from a different place, so different rows are in flight at once.
                var mine = new float[PredictionsPerThread][];
                for (int i = 0; i < PredictionsPerThread; i++)
                {
                    int row = (i + t * 97) % PredictionsPerThread;
                    mine[row] = network.Predict(inputs[row]);
                }
                results[t] = mine;
            }
            catch (Exception e) { errors[t] = e; }   // an exception on a bare thread would end the test run
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();

        Assert.All(errors, Assert.Null);
        for (int t = 0; t < Threads; t++)
            for (int i = 0; i < PredictionsPerThread; i++)
                Assert.Equal(expected[i], results[t][i]);
    }
}
