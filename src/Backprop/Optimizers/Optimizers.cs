using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>The settings the command line and the page give an optimizer; each optimizer uses those it has.</summary>
/// <param name="LearningRate">The step size η.</param>
/// <param name="Momentum">The momentum coefficient μ (momentum and nesterov).</param>
/// <param name="WeightDecay">The L2 coefficient λ.</param>
/// <param name="L1">The L1 coefficient λ₁ (see <see cref="Optimizer{T}.L1"/>); <see cref="OptimizerFactory.Create{T}(string, OptimizerSettings)"/> applies it.</param>
public sealed record OptimizerSettings(double LearningRate, double Momentum = Momentum<double>.DefaultCoefficient, double WeightDecay = 0, double L1 = 0);

/// <summary>
/// A registered optimizer: its name (which the optimizer's own <see cref="Optimizer{T}.Name"/> reads), description and
/// default step size. Each entry sits in its optimizer's file and makes the optimizer with <c>new</c> when asked.
/// </summary>
public abstract class OptimizerEntry : IRegistryEntry
{
    /// <summary>The entry called <paramref name="name"/>, whose optimizer steps by <paramref name="defaultLearningRate"/> unless told otherwise.</summary>
    protected OptimizerEntry(string name, string description, double defaultLearningRate, params string[] aliases)
    {
        Name = name;
        Description = description;
        DefaultLearningRate = defaultLearningRate;
        Aliases = aliases;
    }

    /// <summary>The optimizer's own name, as the command line and checkpoints use it.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Aliases { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The step size used when none is given: what works for this optimizer on the usual small networks.</summary>
    public double DefaultLearningRate { get; }

    /// <summary>Whether it takes a momentum coefficient (<see cref="OptimizerSettings.Momentum"/>).</summary>
    public virtual bool UsesMomentum => false;

    /// <summary>A new optimizer of this kind for <typeparamref name="T"/>.</summary>
    public abstract Optimizer<T> Create<T>(OptimizerSettings settings) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>The optimizers, by the names used on the command line, in checkpoints and on the playground page.</summary>
public static class OptimizerFactory
{
    /// <summary>Every optimizer, in the order help lists them. Each entry sits in its optimizer's own file.</summary>
    public static readonly Registry<OptimizerEntry> All = new("optimizer",
        new SgdEntry(), new MomentumEntry(nesterov: false), new MomentumEntry(nesterov: true), new AdamEntry(), new RmsPropEntry(), new AdagradEntry());

    /// <summary>The valid names.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>The optimizer called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static Optimizer<T> Create<T>(string name, double learningRate, double momentum = Momentum<double>.DefaultCoefficient, double weightDecay = 0)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Create<T>(name, new OptimizerSettings(learningRate, momentum, weightDecay));

    /// <summary>The optimizer called <paramref name="name"/> with <paramref name="settings"/>, its L1 coefficient included.</summary>
    public static Optimizer<T> Create<T>(string name, OptimizerSettings settings) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = All.Get(name).Create<T>(settings);
        optimizer.L1 = settings.L1;
        return optimizer;
    }
}
