namespace Backprop.Layers;

/// <summary>
/// What a layer is, without its weights: enough to build it again (the model file stores one per layer).
/// </summary>
/// <param name="Type">The layer's type name: Dense, Identity, Sigmoid, Tanh, ReLU, LeakyReLU or Softmax.</param>
/// <param name="Units">Output width of a Dense layer; 0 for activations.</param>
/// <param name="Bias">Whether a Dense layer has a bias.</param>
/// <param name="Alpha">The negative slope of LeakyReLU; 0 otherwise.</param>
public sealed record LayerConfig(string Type, int Units = 0, bool Bias = false, double Alpha = 0);
