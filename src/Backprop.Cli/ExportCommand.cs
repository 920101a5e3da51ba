using System.CommandLine;
using Backprop.Onnx;
using Backprop.Serialization;

namespace Backprop.Cli;

/// <summary><c>backprop export</c>: writes a saved model as an ONNX file that ONNX Runtime, PyTorch tools and others run.</summary>
internal static class ExportCommand
{
    private static readonly Option<string?> Model = CommonOptions.Model("The Backprop model to export (a .safetensors file written by 'backprop train --model')");
    private static readonly Option<string> Onnx = new("--onnx") { Description = "The ONNX file to write (.onnx): opset 13, float32, any batch size; the input normalisation is built in.", Required = true };

    public static Command Create()
    {
        var command = new Command("export", "Write a saved model as an ONNX file (opset 13, float32), with its normalisation, labels, task and loss.") { Model, Onnx };
        command.SetAction(p =>
        {
            string model = p.GetValue(Model)!, onnx = p.GetValue(Onnx)!;
            ModelPaths.Expect("--model", model, ModelPaths.ModelExtension, "to turn an ONNX file into a Backprop model use 'backprop import'");
            ModelPaths.Expect("--onnx", onnx, ModelPaths.OnnxExtension, "export writes the ONNX file given by --onnx");
            FileIdentity.RefuseOverwrite("--onnx", onnx, ("--model", model));
            var loaded = ModelFile.Load(model);
            loaded.SaveOnnx(onnx);
            var output = Output.Writer(p);
            if (loaded.NumericType == "float64")
                output.WriteLine("note: the model's float64 weights were rounded to float32, the type of the ONNX file.");
            output.WriteLine($"wrote {onnx}: ONNX opset {OnnxExport.Opset}, input [batch, {loaded.InputSize}], output [batch, {loaded.OutputSize}]" +
                             (ModelIo.NormalizerOf(loaded.Metadata) is null ? "" : ", with the input normalisation as Sub and Div nodes") +
                             (loaded.Metadata.Normalization?.PixelScale is double scale ? $" (it takes raw pixels, 0 to {scale:G})" : ""));
            return 0;
        });
        return command;
    }
}
