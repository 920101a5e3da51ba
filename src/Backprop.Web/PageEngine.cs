using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using Backprop.Playground;

namespace Backprop.Web;

/// <summary>
/// The entry points the page's worker (wwwroot/worker.js) calls: one <see cref="PlaygroundEngine"/>, driven between
/// steps. Objects cross as JSON strings, model files as bytes; bad input is an exception whose message is one line
/// (the page shows it), and nothing of the run changes.
/// </summary>
[SupportedOSPlatform("browser")]
public static partial class PageEngine
{
    private static readonly PlaygroundEngine Engine = new();

    public static void Main() { }

    /// <summary>The page's menus: the registries, the data sets, the defaults.</summary>
    [JSExport] public static string Catalog() => PlaygroundEngine.Json(Playground.Catalog.Describe());

    /// <summary>A new run from the page's options (a JSON object of <c>backprop train</c> option names and values).</summary>
    [JSExport] public static string Setup(string options, int patience)
    {
        Engine.Setup(PlaygroundEngine.Options(options), patience);
        return Frame();
    }

    /// <summary>New options: the run goes on when only live settings (the learning rate, the regularisation rates) changed.</summary>
    [JSExport] public static string Change(string options, int patience)
    {
        bool continued = Engine.Change(PlaygroundEngine.Options(options), patience);
        var frame = Engine.Frame();
        frame["continued"] = continued;
        return PlaygroundEngine.Json(frame);
    }

    /// <summary>epoch, batch or reset.</summary>
    [JSExport] public static string Control(string action)
    {
        Engine.Control(action);
        return Frame();
    }

    /// <summary>Trains whole epochs for about <paramref name="milliseconds"/>, at most <paramref name="most"/>; returns the epochs trained.</summary>
    [JSExport] public static int Play(double milliseconds, int most) => Engine.Play(milliseconds, most);

    /// <summary>paused, finished (a stop condition is met) or error (training failed): whether playing may go on.</summary>
    [JSExport] public static string Status() => Engine.Status;

    /// <summary>What the page draws now.</summary>
    [JSExport] public static string Frame() => PlaygroundEngine.Json(Engine.Frame());

    /// <summary>Every neuron's map over the plane, as float32 bytes (null when the data is not on a plane): sent apart from the frame's JSON.</summary>
    [JSExport] public static byte[]? Maps() => Engine.PlaneMaps();

    /// <summary>The data's points on the plane.</summary>
    [JSExport] public static string Points() => PlaygroundEngine.Json(Engine.Points());

    /// <summary>Sets a weight (from −1: a bias).</summary>
    [JSExport] public static string Edit(int layer, int from, int to, double value)
    {
        Engine.Edit(layer, from, to, value);
        return Frame();
    }

    /// <summary>One step on one sample, every number shown (the run is not changed).</summary>
    [JSExport] public static string Explain(string set, int index) => PlaygroundEngine.Json(Engine.Explain(set, index));

    /// <summary>
    /// Stage <paramref name="stage"/> of an explained step (as <see cref="Explain"/> writes it, or the 2-2-1 example's
    /// file) drawn as the network with the step's numbers on it: the SVG, and the stages' names.
    /// </summary>
    [JSExport] public static string Picture(string explanation, int stage) => StepPicture.Page(explanation, stage);

    /// <summary>The model file (safetensors or onnx), written by the library here in the browser.</summary>
    [JSExport] public static byte[] Model(string format) => Engine.Model(format);

    /// <summary>A CSV file from the user's disk, read by the library's CSV reader; it becomes the data.</summary>
    [JSExport] public static string Upload(string name, byte[] content)
    {
        Engine.Upload(name, content);
        return Frame();
    }
}
