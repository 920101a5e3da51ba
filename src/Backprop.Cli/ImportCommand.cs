using System.CommandLine;
using Backprop.Onnx;
using Backprop.Serialization;

namespace Backprop.Cli;

/// <summary><c>backprop import</c>: reads an ONNX MLP or CNN (from 'backprop export' or PyTorch) into a Backprop model file.</summary>
internal static class ImportCommand
{
    private static readonly Option<string> Onnx = new("--onnx") { Description = "The ONNX file to read (.onnx): a chain of Gemm or MatMul(+Add) layers, Conv (with a Pad before it), MaxPool, Flatten, Dropout and Relu, LeakyRelu, Sigmoid, Tanh, Softmax, Identity, as PyTorch exports a Sequential.", Required = true };
    private static readonly Option<string?> Model = CommonOptions.Model("The Backprop model file to write (.safetensors)");

    public static Command Create()
    {
        var command = new Command("import", "Read an ONNX network of dense, convolution and pooling layers and activations (e.g. from PyTorch) into a Backprop model file.") { Onnx, Model };
        command.SetAction(p =>
        {
            string onnx = p.GetValue(Onnx)!, model = p.GetValue(Model)!;
            ModelPaths.Expect("--onnx", onnx, ModelPaths.OnnxExtension, "to turn a Backprop model into ONNX use 'backprop export'");
            ModelPaths.Expect("--model", model, ModelPaths.ModelExtension, "import writes the Backprop model given by --model");
            Backprop.Serialization.FileIdentity.RefuseOverwrite("--model", model, ("--onnx", onnx));
            var imported = OnnxImport.Load(onnx);
            imported.Network.Save(model, imported.Metadata);
            var output = Output.Writer(p);
            output.WriteLine(imported.Summary());
            if (imported.Metadata.Normalization is not null) output.WriteLine("The input normalisation (the leading Sub and Div nodes) is stored with the model.");
            output.WriteLine($"wrote {model}");
            return 0;
        });
        return command;
    }
}
