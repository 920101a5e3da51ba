using Backprop.Lessons;

namespace Backprop.Tests;

public class PythonFormatTests
{
    [Theory]
    // Python 3: repr(x) for each value
    [InlineData(1369.0, "1369.0")]
    [InlineData(770.0625, "770.0625")]
    [InlineData(243.6525878906251, "243.6525878906251")]
    [InlineData(0.02447549348672308, "0.02447549348672308")]
    [InlineData(0.043511988420844, "0.043511988420844")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(5.0, "5.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(9.800043096309024e-05, "9.800043096309024e-05")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void PythonFormat_Repr_MatchesPython(double value, string expected) =>
        Assert.Equal(expected, PythonFormat.Repr(value));

    [Fact]
    public void PythonFormat_ShortestDigitsReadBackToTheSameDouble()
    {
        var random = new Backprop.Random.NumPyRandomState(7);
        for (int i = 0; i < 1000; i++)
        {
            double x = (random.RandomSample() - 0.5) * Math.Pow(10, random.RandInt(-30, 30));
            Assert.Equal(x, double.Parse(PythonFormat.Repr(x), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void PythonFormat_List_LooksLikeAPythonList() =>
        Assert.Equal("[1.0, 0.5, -2.0]", PythonFormat.List([1, 0.5, -2]));

    [Theory]
    // NumPy 1.24: np.array([x]) printed with the default precision of 8 decimals
    [InlineData(9.672993027736892, "9.67299303")]
    [InlineData(-0.20784349926631968, "-0.2078435")]
    [InlineData(-4.62963668773159, "-4.62963669")]
    [InlineData(0.9999370428352157, "0.99993704")]
    [InlineData(1.0, "1.")]
    public void NumPyFormat_Value_RoundsToEightDecimalsWithoutTrailingZeros(double value, string expected) =>
        Assert.Equal(expected, NumPyFormat.Value(value));

    [Fact]
    public void NumPyFormat_Column_AlignsSignsAndDecimalPointsLikeTheDocuments() =>
        // The trained weights as 004_beb282d364c6c98a.txt shows them.
        Assert.Equal("[[ 9.67299303]\n [-0.2078435 ]\n [-4.62963669]]",
            NumPyFormat.Column([9.672993027736892, -0.20784349926631968, -4.62963668773159]));

    [Fact]
    public void NumPyFormat_Row_KeepsASignColumnLikeTheDocuments() =>
        Assert.Equal("[ 0.45860596]", NumPyFormat.Row([0.45860596288357436]));
}
