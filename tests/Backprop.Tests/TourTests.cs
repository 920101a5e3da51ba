using System.Xml.Linq;

namespace Backprop.Tests;

public class TourTests
{
    private static readonly string[] Pictures =
    [
        "linear-neuron-error", "neuron-with-bias-error", "neuron-with-bias-comparison", "neuron-with-bias-data",
        "xor-2-2-1-boundary", "xor-2-2-1-error",
    ];

    [Fact]
    public void Tour_RunsEveryLessonAndWritesEveryPicture()
    {
        string folder = Path.Combine(Path.GetTempPath(), "backprop-tour-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Speed is not asserted here (the tour takes about 0.2 s; it prints its own time).
            var (code, output, error) = CliRunner.Run("tour", "--plots", folder);
            Assert.True(code == 0, error);
            foreach (var heading in new[] { "1. single-weight", "2. linear-neuron", "3. sigmoid-neuron", "4. neuron-with-bias", "5. backprop-by-hand", "6. xor" })
                Assert.Contains(heading, output);
            foreach (var name in Pictures)
            {
                string path = Path.Combine(folder, name + ".svg");
                Assert.True(File.Exists(path), path);
                Assert.Contains($"picture: {path}", output);
                Assert.Equal("svg", XDocument.Load(path).Root!.Name.LocalName);
            }
            // A few of the documents' numbers, one per lesson.
            Assert.Contains("Error: 0.02447549348672308", output);
            Assert.Contains("[ 0.99993704]", output);
            Assert.Contains("2.0009294306136725", output);
            Assert.Contains("0.49977285563081764", output);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
    }
}
