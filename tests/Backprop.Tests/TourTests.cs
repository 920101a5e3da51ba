using System.Xml.Linq;

namespace Backprop.Tests;

public class TourTests
{
    private static readonly string[] Pictures =
    [
        "single-weight-error", "single-weight-weight", "sigmoid-neuron-weights", "sigmoid-neuron-error", "linear-neuron-error", "neuron-with-bias-error", "neuron-with-bias-comparison", "neuron-with-bias-data",
        "backprop-by-hand-1-forward-pass", "backprop-by-hand-2-output-delta", "backprop-by-hand-3-hidden-delta", "backprop-by-hand-4-gradients",
        "backprop-by-hand-5-update", "xor-2-2-1-boundary", "xor-2-2-1-error", "gradient-descent-errors", "softmax-crossentropy-slowdown", "autograd-neuron",
        "autograd-mlp-loss",
    ];

    // Drawn only when their data set is installed; the tour skips those lessons otherwise.
    private static readonly string[] DataPictures = ["initialization-gradient-norms", "mnist-network-loss"];

    [Fact]
    public void Tour_RunsEveryLessonAndWritesEveryPicture()
    {
        string folder = Path.Combine(Path.GetTempPath(), "backprop-tour-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Speed is not asserted here (the tour takes about 3 s, most of it unpacking Fashion-MNIST; it prints its own time).
            var (code, output, error) = CliRunner.Run("tour", "--plots", folder);
            Assert.True(code == 0, error);
            foreach (var heading in new[] { "1. single-weight", "2. linear-neuron", "3. sigmoid-neuron", "4. neuron-with-bias", "5. backprop-by-hand", "6. xor",
                                            "7. gradient-descent", "8. softmax-crossentropy", "9. initialization", "10. mnist-network", "11. autograd" })
                Assert.Contains(heading, output);
            bool hasData = Backprop.Lessons.LessonData.IsInstalled("fashion-mnist") || Backprop.Lessons.LessonData.IsInstalled("mnist");
            foreach (var name in hasData ? [.. Pictures, .. DataPictures] : Pictures)
            {
                string path = Path.Combine(folder, name + ".svg");
                Assert.True(File.Exists(path), path);
                Assert.Contains($"picture: {path}", output);
                Assert.Equal("svg", XDocument.Load(path).Root!.Name.LocalName);
            }
            // Only images are counted as pictures: autograd's Graphviz text is named as a file.
            int images = (hasData ? Pictures.Length + DataPictures.Length : Pictures.Length);
            Assert.Equal(images, Directory.GetFiles(folder, "*.svg").Length);
            Assert.Contains($"file: {Path.Combine(folder, "autograd-neuron.dot")}", output);
            Assert.Contains($" lessons, {images} pictures in {folder}.", output);
            // A few of the documents' numbers, one per lesson.
            Assert.Contains("Error: 0.02447549348672308", output);
            Assert.Contains("[ 0.99993704]", output);
            Assert.Contains("2.0009294306136725", output);
            Assert.Contains("0.49977285563081764", output);
            Assert.Contains("0.4170300162778335", output);
            Assert.Contains("g = 24.7041 (24.70408163265306)", output);
            Assert.Contains("after 196 epochs", output);
            if (hasData)
            {
                // The two long lessons run short versions in the tour, and say so.
                Assert.Contains("(a short run: the example is 3 epochs on every training image; 'backprop lesson mnist-network' runs it)", output);
                Assert.Contains("(a short run: the lesson draws 10,000 units; 'backprop lesson initialization' does)", output);
            }
            else Assert.Contains("skipped: The initialization lesson needs", output);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
    }
}
