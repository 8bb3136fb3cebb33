using Parapet.Text;
using Xunit;

namespace Parapet.Tests.Text;

public sealed class DecompositionTableTests
{
    [Fact]
    public void DecomposeBothWays_RandomTextOfTableScripts_TableAgreesWithIcu()
    {
        var random = new Random(20261129);
        var checkedCount = 0;
        for (var n = 0; n < 5000; n++)
        {
            var chars = new List<char>();
            var length = random.Next(1, 40);
            for (var i = 0; i < length; i++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        chars.Add((char)random.Next(0x20, 0x7F));
                        break;
                    case 1:
                        chars.Add((char)random.Next(0x80, 0x2070));
                        break;
                    case 2:
                        chars.AddRange(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF)));
                        break;
                    default:
                        chars.AddRange("ñáéíóúüçÀÉ");
                        break;
                }
            }

            var text = new string([.. chars.Where(c => !char.IsSurrogate(c) || chars.Count > 0)]);
            var (table, icu) = TextNormalizer.DecomposeBothWays(text);
            if (table is null)
            {
                continue;
            }

            checkedCount++;
            Assert.Equal(Words(icu), Words(table));
        }

        Assert.True(checkedCount > 1000, $"only {checkedCount} texts took the table path");
    }

    [Theory]
    [InlineData("José Muñoz quiere ir a la oficina", "jose munoz quiere ir a la oficina")]
    [InlineData("Ｈａｒｂｏｒ ＨＥＡ 🔥🔥 mañana…", "harbor hea manana")]
    [InlineData("Нarbоr Enforcement", "harbor enforcement")]
    public void Normalize_TextOnTheTablePath_FoldsLikeTheIcuPath(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    // Emoji become spaces on the table path and stay symbols on the other; both separate words the same way.
    private static string Words(string decomposed) =>
        string.Join(' ', decomposed.Split([' ', '\uD83C', '\uD83D', '\uD83E'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(c => !char.IsSurrogate(c))]))
            .Where(w => w.Length > 0));
}
