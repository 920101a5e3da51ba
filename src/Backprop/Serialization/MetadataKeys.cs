namespace Backprop.Serialization;

/// <summary>
/// The keys Backprop writes into a safetensors header's "__metadata__". Safetensors metadata maps strings to
/// strings, so structured values are JSON text. docs/model-format.md describes each one.
/// </summary>
public static class MetadataKeys
{
    /// <summary>The format version, "1"; a reader refuses versions it does not know.</summary>
    public const string Format = "backprop_format";

    /// <summary>"float32" or "float64": the type of every weight tensor.</summary>
    public const string NumericType = "numeric_type";

    /// <summary>The width of an input row, as a decimal number.</summary>
    public const string InputSize = "input_size";

    /// <summary>The layout of an input row when the model takes images, "HxWxC" such as "28x28x1" (optional; convolution needs it).</summary>
    public const string InputShape = "input_shape";

    /// <summary>JSON array of layer configurations, first to last, such as {"type":"Dense","units":4,"bias":true}.</summary>
    public const string Layers = "layers";

    /// <summary>"classification" or "regression" (optional).</summary>
    public const string Task = "task";

    /// <summary>The loss's command-line name (optional).</summary>
    public const string Loss = "loss";

    /// <summary>JSON object {"kind", "offset", "scale"}: inputs are rescaled as (x − offset) / scale (optional).</summary>
    public const string Normalization = "normalization";

    /// <summary>JSON array of class names, in output-column order (optional).</summary>
    public const string LabelNames = "label_names";

    /// <summary>JSON array of input feature names, such as ["x1","x2","x1x2"]: a raw input is two columns turned into these (optional).</summary>
    public const string InputFeatures = "input_features";

    /// <summary>JSON object {"offset", "scale"}: outputs are in scaled target units, to be mapped back as y·scale + offset (optional; checkpoints of regression runs).</summary>
    public const string TargetScaling = "target_scaling";

    /// <summary>JSON object with the training state; only in checkpoints.</summary>
    public const string Checkpoint = "checkpoint";
}
