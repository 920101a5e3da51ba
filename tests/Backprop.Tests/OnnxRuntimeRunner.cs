using Backprop.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Backprop.Tests;

/// <summary>Runs an ONNX file with Microsoft's ONNX Runtime, the independent implementation the exported files are checked against.</summary>
internal static class OnnxRuntimeRunner
{
    /// <summary>The output for a batch of float32 rows fed to the graph input "input".</summary>
    public static Matrix<float> Run(string path, Matrix<float> inputs)
    {
        // One thread: the tests share a 2-core machine, and the thread count changes no number that matters here.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs.AsSpan().ToArray(), [inputs.Rows, inputs.Columns]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["output"]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        Assert.Equal([inputs.Rows], shape[..1]);
        var result = new Matrix<float>(inputs.Rows, (int)shape[1]);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(result.AsSpan());
        return result;
    }
}
