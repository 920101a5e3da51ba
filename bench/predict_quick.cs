#:project ../src/Backprop/Backprop.csproj
#:package Microsoft.ML.OnnxRuntime@1.31.1
#:property PublishAot=false
// A quick look at serving speed between BenchmarkDotNet runs: Backprop's Predictor, Network.Predict and the layers one by
// one with a new matrix each (the shape of Network.Predict before the Predictor: "old"), against ONNX Runtime on the same exported
// model, in one process, each the best of 7 timings of a third of what ran in 0.3 s. Usage: dotnet run -c Release bench/predict_quick.cs
using System.Diagnostics;
using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;
using Microsoft.ML.OnnxRuntime;

var mlp = new Network<float>(784, [new Dense<float>(128), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], new NumPyRandomState(1));
var cnn = new Network<float>(new ImageShape(28, 28, 1), [new Conv2D<float>(32, 3), new ReLU<float>(), new MaxPool2D<float>(2), new Conv2D<float>(64, 3), new ReLU<float>(), new MaxPool2D<float>(2), new Flatten<float>(), new Dense<float>(128), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], new NumPyRandomState(1));
foreach (var (name, net) in new[] { ("mlp", mlp), ("cnn", cnn) })
foreach (int batch in new[] { 1, 64 })
{
    var rnd = new NumPyRandomState(5);
    var x = new float[batch * 784];
    for (int i = 0; i < x.Length; i++) x[i] = (float)rnd.RandomSample();
    var y = new float[batch * 10];
    var xm = new Matrix<float>(batch, 784, x);
    var p = new Predictor<float>(net, 64);
    string path = Path.Combine(Path.GetTempPath(), $"predict-quick-{Environment.ProcessId}-{name}.onnx");
    net.SaveOnnx(path);
    using var opt = new SessionOptions();
    using var session = new InferenceSession(path, opt);
    using var inV = OrtValue.CreateTensorValueFromMemory(x, [batch, 784]);
    var yo = new float[batch * 10];
    using var outV = OrtValue.CreateTensorValueFromMemory(yo, [batch, 10]);
    using var ro = new RunOptions();
    var ins = new[] { inV }; var outs = new[] { outV };
    string[] inN = ["input"], outN = ["output"];
    double Time(Action a) {
        int n = 0; var sw = Stopwatch.StartNew(); while (sw.ElapsedMilliseconds < 300) { a(); n++; }
        var best = double.MaxValue;
        for (int rep = 0; rep < 7; rep++) { sw.Restart(); for (int i = 0; i < n/3+1; i++) a(); best = Math.Min(best, sw.Elapsed.TotalMicroseconds / (n/3+1)); }
        return best;
    }
    double old = Time(() => { var t = xm; foreach (var l in net.Layers) { var o = new Matrix<float>(t.Rows, l.OutputSize); l.Apply(t, o); t = o; } });
    double pred = Time(() => p.Predict(x, y));
    double np = Time(() => net.Predict(xm));
    double ort = Time(() => session.Run(ro, inN, ins, outN, outs));
    long a0 = GC.GetAllocatedBytesForCurrentThread(); p.Predict(x, y); long a1 = GC.GetAllocatedBytesForCurrentThread();
    Console.WriteLine($"{name} b{batch}: old {old:F1} µs  predictor {pred:F1}  Network.Predict {np:F1}  ORT {ort:F1}  (pred/ort {pred/ort:F2}) alloc {a1-a0} B; maxdiff {yo.Zip(y).Max(t => Math.Abs(t.First - t.Second)):G3}");
    File.Delete(path);
}
