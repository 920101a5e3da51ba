using Backprop.Lessons;

namespace Backprop.Tests;

/// <summary>
/// The lesson rows of bad-inputs-2026-12-07: every lesson option that sizes something passes the one memory gate before
/// anything is allocated (N82, N83: under an 8 GiB address-space limit they grew until a SIGSEGV); a --query that is not
/// three finite numbers is refused (N90 crashed); a missing MNIST names the fix that applies (N139 advised installing
/// Fashion-MNIST, which was installed).
/// </summary>
public class LessonBadInputTests
{
    [SkippableFact]
    public void N82_AnXorNetworkTooWideForTheLimit_IsRefusedAtOnce_NamingHiddenAndTheSize()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "prlimit");
        // 2-10⁸-1 with SGD on XOR's four rows: 17.9 GiB.
        MemoryGateTests.AssertRefusedWithSizes(MemoryGateTests.Limited(MemoryGateTests.EightGiB, "lesson", "xor", "--hidden", "100000000"),
            "--hidden 100,000,000: a 2-100,000,000-1 network", "19,200,000,176 bytes (17.9 GiB)", "ask for fewer --hidden units");
    }

    [SkippableFact]
    public void N83_ARunWhoseRecordOfEveryEpochCannotFit_IsRefusedAtOnce_NamingEpochsAndTheSize()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "prlimit");
        // 10⁹ epochs × (8 bytes of error + 56 of the trainer's epoch record + 8 of the weight the picture draws).
        Assert.Equal(64, LessonMemory.BytesPerEpoch);
        var r = MemoryGateTests.Limited(MemoryGateTests.EightGiB, "lesson", "single-weight", "--epochs", "1000000000");
        MemoryGateTests.AssertRefusedWithSizes(r, "--epochs 1,000,000,000: a record of every epoch", "72,000,000,000 bytes (67.1 GiB)", "ask for a smaller --epochs");
        Assert.Equal("", r.Out);   // refused before the first "Error:" line
    }

    /// <summary>Every option of every lesson that sizes something, at a size no machine holds.</summary>
    public static TheoryData<string[], string> SizingOptions => new()
    {
        { ["single-weight", "--epochs", "2000000000"], "--epochs 2,000,000,000: a record of every epoch needs about 144,000,000,000 bytes" },
        { ["sigmoid-neuron", "--iterations", "2000000000"], "--iterations 2,000,000,000: a record of every epoch needs about 176,000,000,000 bytes" },
        { ["neuron-with-bias", "--iterations", "2000000000"], "--iterations 2,000,000,000: a record of every epoch needs about 128,000,000,000 bytes" },
        { ["xor", "--hidden", "1000000000"], "--hidden 1,000,000,000: a 2-1,000,000,000-1 network with sgd needs about" },
        { ["xor", "--max-epochs", "2000000000"], "--max-epochs 2,000,000,000: a record of every epoch needs about 128,000,000,000 bytes" },
        { ["gradient-descent", "--max-epochs", "2000000000"], "--max-epochs 2,000,000,000: a record of every epoch of 9 runs needs about 1,152,000,000,000 bytes" },
        { ["softmax-crossentropy", "--updates", "2000000000"], "--updates 2,000,000,000: a record of every epoch of 4 runs needs about 512,000,000,000 bytes" },
        { ["autograd", "--hidden", "1000000000"], "--hidden 1,000,000,000: a 2-1,000,000,000-1 network with sgd needs about" },
        { ["autograd", "--epochs", "2000000000"], "--epochs 2,000,000,000: a record of every epoch needs about 128,000,000,000 bytes" },
        { ["initialization", "--draws", "2000000000"], "--draws 2,000,000,000: the weighted input of every draw, for both kinds of weights needs about 32,000,000,000 bytes" },
        { ["initialization", "--data", "random", "--samples", "2000000000"], "--samples 2,000,000,000: a batch of 2,000,000,000 images" },
        { ["mnist-network", "--epochs", "2000000000"], "--epochs 2,000,000,000: a record of every epoch needs about 128,000,000,000 bytes" },
    };

    [SkippableTheory]
    [MemberData(nameof(SizingOptions))]
    public void EveryLessonOptionThatSizesSomething_PassesTheMemoryGate(string[] args, string message)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "prlimit");
        var r = MemoryGateTests.Limited(MemoryGateTests.EightGiB, ["lesson", .. args]);
        MemoryGateTests.AssertRefusedWithSizes(r, message, "ask for ");
        Assert.Equal("", r.Out);
    }

    [Theory]
    [InlineData("1,0,NaN", "--query: 'NaN' is not a finite number")]
    [InlineData("Infinity,0,0", "--query: 'Infinity' is not a finite number")]
    [InlineData("1,0,-Infinity", "--query: '-Infinity' is not a finite number")]
    [InlineData("1,0", "--query needs three numbers such as 1,0,0, got 2")]
    [InlineData("1,0,0,1", "--query needs three numbers such as 1,0,0, got 4")]
    [InlineData("1,x,0", "--query: 'x' is not a number")]
    public void N90_AQueryThatIsNotThreeFiniteNumbers_IsRefused(string query, string message)
    {
        var r = Cli.Run("lesson", "sigmoid-neuron", "--query", query);
        Cli.AssertBadInput(r, message);
        Assert.Equal("", r.Out);
    }

    [SkippableFact]
    public void N139_MissingMnist_NamesTheDataFolder_NotAPackage()
    {
        Skip.If(LessonData.IsInstalled("mnist"), "MNIST is installed here");
        var r = Cli.Run("lesson", "mnist-network", "--data", "mnist");
        Cli.AssertBadInput(r, "The mnist-network lesson needs mnist, which is not installed", "put the four MNIST files in a folder and set BACKPROP_DATA to it");
        Assert.DoesNotContain("apt-get", r.Err);
        if (LessonData.IsInstalled("fashion-mnist")) Assert.Contains("or run it with --data fashion-mnist, which is installed", r.Err);
        else Assert.DoesNotContain("fashion-mnist", r.Err);
    }
}
