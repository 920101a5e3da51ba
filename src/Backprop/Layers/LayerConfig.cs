namespace Backprop.Layers;

/// <summary>
/// What a layer is, without its weights: enough to build it again (the model file stores one per layer).
/// </summary>
/// <param name="Type">The layer's type name: Dense, Conv2D, MaxPool2D, Flatten, Dropout, Identity, Sigmoid, Tanh, ReLU, LeakyReLU or Softmax.</param>
/// <param name="Units">Output width of a Dense layer; 0 for the others.</param>
/// <param name="Bias">Whether a Dense or Conv2D layer has a bias.</param>
/// <param name="Alpha">The negative slope of LeakyReLU; 0 otherwise.</param>
/// <param name="Filters">The output channels of a Conv2D layer; 0 otherwise.</param>
/// <param name="Kernel">The window size of a Conv2D (kernel) or MaxPool2D (pool) layer; 0 otherwise.</param>
/// <param name="Stride">The window's step for Conv2D and MaxPool2D; 0 otherwise.</param>
/// <param name="Padding">"valid" or "same" for Conv2D; null otherwise.</param>
/// <param name="Rate">The fraction of values a Dropout layer zeroes while training; 0 otherwise.</param>
public sealed record LayerConfig(string Type, int Units = 0, bool Bias = false, double Alpha = 0,
    int Filters = 0, int Kernel = 0, int Stride = 0, string? Padding = null, double Rate = 0);
