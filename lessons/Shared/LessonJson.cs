using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Backprop.Lessons;

/// <summary>Prints a lesson's result record as one JSON object with snake_case keys (InitialWeights → initial_weights).</summary>
public static class LessonJson
{
    /// <summary>
    /// Writes <paramref name="result"/> to <paramref name="output"/>, with the serialiser generated at compile time for
    /// its type in <see cref="LessonResultsJson"/> (the command is published with Native AOT, where reflection over a
    /// type's members is not available).
    /// </summary>
    public static void Write<TResult>(TextWriter output, TResult result)
    {
        var type = LessonResultsJson.Default.GetTypeInfo(typeof(TResult)) as JsonTypeInfo<TResult>
            ?? throw new InvalidOperationException($"{typeof(TResult).Name} is not listed in LessonResultsJson; add [JsonSerializable(typeof({typeof(TResult).Name}))] there.");
        output.WriteLine(JsonSerializer.Serialize(result, type));
    }
}

/// <summary>Every lesson's result type, as <see cref="LessonJson"/> prints it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(Autograd.AutogradResult))]
[JsonSerializable(typeof(BackpropByHand.BackpropByHandResult))]
[JsonSerializable(typeof(GradientDescent.GradientDescentResult))]
[JsonSerializable(typeof(Initialization.InitializationResult))]
[JsonSerializable(typeof(LinearNeuron.LinearNeuronResult))]
[JsonSerializable(typeof(MnistNetwork.MnistNetworkResult))]
[JsonSerializable(typeof(NeuronWithBias.NeuronWithBiasResult))]
[JsonSerializable(typeof(SigmoidNeuron.SigmoidNeuronResult))]
[JsonSerializable(typeof(SingleWeight.SingleWeightResult))]
[JsonSerializable(typeof(CrossEntropy.SoftmaxCrossEntropyResult))]
[JsonSerializable(typeof(Xor.XorResult))]
internal sealed partial class LessonResultsJson : JsonSerializerContext;
