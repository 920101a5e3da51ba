namespace Backprop.Data;

/// <summary>Images read from an IDX file: <see cref="Count"/> images of <see cref="Rows"/> × <see cref="Columns"/> bytes, row-major, one after the other.</summary>
/// <param name="Pixels">The pixel bytes, 0 (background) to 255.</param>
/// <param name="Count">The number of images.</param>
/// <param name="Rows">Pixel rows per image.</param>
/// <param name="Columns">Pixel columns per image.</param>
public sealed record IdxImages(byte[] Pixels, int Count, int Rows, int Columns);
