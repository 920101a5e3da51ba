using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.ML;

/// <summary>
/// A label key's values (its KeyValues annotation) as text and back, so that a saved model gives PredictedLabel the
/// same key values, of the same type, that MapKeyToValue turns back into the original labels.
/// </summary>
internal static class KeyValueText
{
    private sealed record Kind(PrimitiveDataViewType Type, Func<DataViewSchema.Annotations, string, string[]> Read, Func<string[], DataViewSchema.Annotations> Build);

    private static Kind Of<TValue>(PrimitiveDataViewType type, Func<TValue, string> format, Func<string, TValue> parse) => new(type,
        (annotations, kind) =>
        {
            VBuffer<TValue> values = default;
            annotations.GetValue(kind, ref values);
            return [.. values.DenseValues().Select(format)];
        },
        texts =>
        {
            var values = new VBuffer<TValue>(texts.Length, [.. texts.Select(parse)]);
            var builder = new DataViewSchema.Annotations.Builder();
            builder.Add(AnnotationKinds.KeyValues, new VectorDataViewType(type, texts.Length), (ref VBuffer<TValue> v) => values.CopyTo(ref v));
            return builder.ToAnnotations();
        });

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, Kind> Kinds = new()
    {
        ["Text"] = Of<ReadOnlyMemory<char>>(TextDataViewType.Instance, v => v.ToString(), t => t.AsMemory()),
        ["Single"] = Of<float>(NumberDataViewType.Single, v => v.ToString("R", Invariant), t => float.Parse(t, Invariant)),
        ["Double"] = Of<double>(NumberDataViewType.Double, v => v.ToString("R", Invariant), t => double.Parse(t, Invariant)),
        ["Int32"] = Of<int>(NumberDataViewType.Int32, v => v.ToString(Invariant), t => int.Parse(t, Invariant)),
        ["Int64"] = Of<long>(NumberDataViewType.Int64, v => v.ToString(Invariant), t => long.Parse(t, Invariant)),
        ["UInt32"] = Of<uint>(NumberDataViewType.UInt32, v => v.ToString(Invariant), t => uint.Parse(t, Invariant)),
        ["Boolean"] = Of<bool>(BooleanDataViewType.Instance, v => v.ToString(), bool.Parse),
    };

    /// <summary>The name under which <paramref name="type"/>'s values are saved, or null when this package cannot save them.</summary>
    public static string? NameOf(DataViewType type) =>
        type is VectorDataViewType { ItemType: var item } ? Kinds.FirstOrDefault(k => k.Value.Type.Equals(item)).Key : null;

    /// <summary>The key values held in <paramref name="annotations"/>' KeyValues annotation, as text.</summary>
    public static string[] Read(DataViewSchema.Annotations annotations, DataViewSchema.Column keyValues) =>
        NameOf(keyValues.Type) is string name ? Kinds[name].Read(annotations, AnnotationKinds.KeyValues)
            : throw new NotSupportedException($"label key values of type {keyValues.Type} are not supported; map the label from text or numbers.");

    /// <summary>A KeyValues annotation of the type named <paramref name="typeName"/> holding <paramref name="texts"/>.</summary>
    public static DataViewSchema.Annotations Build(string typeName, string[] texts) =>
        Kinds.TryGetValue(typeName, out var kind) ? kind.Build(texts)
            : throw new NotSupportedException($"label key values of type '{typeName}' are not supported.");
}
