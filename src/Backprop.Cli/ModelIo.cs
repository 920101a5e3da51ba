using System.Numerics;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>Saves a trained network with what prediction needs: normalisation, label names, task and loss.</summary>
internal static class ModelIo
{
    public static void Save<T>(Network<T> network, string path, ModelMetadata metadata) where T : unmanaged, IFloatingPointIeee754<T> =>
        network.Save(path, metadata);
}
