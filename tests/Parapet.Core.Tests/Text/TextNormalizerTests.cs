using System.Text;
using Parapet.Text;
using Xunit;

namespace Parapet.Tests.Text;

public sealed class TextNormalizerTests
{
    private static NormalizedText Fold(string text)
    {
        var folded = new NormalizedText();
        TextNormalizer.Normalize(text, folded);
        return folded;
    }

    private static string[] Tokens(NormalizedText folded) =>
        [.. Enumerable.Range(0, folded.TokenCount).Select(t => folded[t].ToString())];

    private static int IndexOf(NormalizedText folded, string token) =>
        Array.IndexOf(Tokens(folded), token);

    [Theory]
    [InlineData("HARBOR Enforcement AGENCY", "harbor enforcement agency")]
    [InlineData("hArBoR", "harbor")]
    [InlineData("José Martínez", "jose martinez")]
    [InlineData("Crème brûlée à la française", "creme brulee a la francaise")]
    [InlineData("Ñandú São Paulo", "nandu sao paulo")]
    public void Normalize_CaseAndDiacritics_AreFolded(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("\uFF28\uFF25\uFF21", "hea")] // fullwidth ＨＥＡ
    [InlineData("\uFF28\uFF25\uFF21 office", "hea office")]
    [InlineData("\U0001D407\U0001D404\U0001D400", "hea")] // mathematical bold 𝐇𝐄𝐀
    [InlineData("\U0001D421\U0001D41E\U0001D41A", "hea")] // mathematical bold small 𝐡𝐞𝐚
    [InlineData("\U0001D5DB\U0001D5D8\U0001D5D4 rocks", "hea rocks")] // mathematical sans-serif bold
    [InlineData("\uFB01le", "file")] // the "fi" ligature
    public void Normalize_CompatibilityForms_FoldToPlainLetters(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("Har\u200Bbor", "harbor")]
    [InlineData("Har\u200Dbor", "harbor")]
    [InlineData("Har\uFEFFbor", "harbor")]
    [InlineData("Har\u00ADbor", "harbor")]
    [InlineData("H\u200BE\u200DA", "hea")]
    [InlineData("k\u200Bi\u200Bl\u200Bl them", "kill them")]
    [InlineData("\u200Bkill\u200B", "kill")]
    public void Normalize_ZeroWidthCharactersInsideWords_VanishWithoutSplittingTheWord(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("k1ll", "kill")]
    [InlineData("sh00t", "shoot")]
    [InlineData("bl0w up", "blow up")]
    [InlineData("H3A", "hea")]
    [InlineData("m4ss4cre", "massacre")]
    [InlineData("k!ll", "kill")]
    [InlineData("b@stards", "bastards")]
    public void Normalize_LeetspeakInsideWords_IsFolded(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("9am", "9am")]
    [InlineData("2nd", "2nd")]
    [InlineData("42-7", "42 7")]
    [InlineData("meet at 9am on the 2nd", "meet at 9am on the 2nd")]
    [InlineData("won 42-7 in 2024", "won 42 7 in 2024")]
    [InlineData("1st place", "1st place")]
    public void Normalize_DigitsNotAfterALetter_AreKept(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact(Skip = "bug: a leet symbol opening a word is dropped, so \"$hoot\" folds to \"hoot\" although the normalizer's own comment lists \"$hoot\" as leet")]
    public void Normalize_DollarSignOpeningAWord_IsFoldedAsLeet()
    {
        Assert.Equal("i will shoot", TextNormalizer.Normalize("I will $hoot"));
    }

    [Fact]
    public void Normalize_AtSignOpeningAHandle_IsASeparatorNotLeet()
    {
        Assert.Equal("harborenforcement", TextNormalizer.Normalize("@harborenforcement"));
    }

    [Theory]
    [InlineData("\u041Darb\u043Er", "harbor")] // Нarbоr: Cyrillic En and o inside a Latin word
    [InlineData("\u0421orvane", "corvane")] // Сorvane
    [InlineData("Al\u0430n\u0430 V\u043Ess", "alana voss")] // Alаnа Vоss
    [InlineData("\u0440ier 9", "pier 9")] // рier 9
    public void Normalize_CyrillicLookalikesInALatinWord_FoldToLatin(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("Привет", "привет")]
    [InlineData("Россия", "россия")]
    [InlineData("Спасибо друзья", "спасибо друзья")]
    public void Normalize_AllCyrillicRussianWord_IsOnlyLowercased(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("k i l l", "kill")]
    [InlineData("I will k i l l them", "i will kill them")]
    [InlineData("H E A", "hea")]
    [InlineData("H-E-A", "hea")]
    [InlineData("h a l d a n e  w i l l  b e  s h o t", "haldane will be shot")]
    [InlineData("a-r-r-i-a-g-a  d-i-e-s", "arriaga dies")]
    [InlineData("k  i  l  l", "kill")]
    [InlineData("gonna catch a b.u.l.l.e.t", "gonna catch a bullet")]
    [InlineData("Varga gets a bu11et", "varga gets a bullet")]
    [InlineData("i will ki11 him", "i will kill him")]
    public void Normalize_SpacedLetters_AreJoined(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact(Skip = "bug: the breve is stripped from Cyrillic й (NFKD + mark removal), so the Russian word \"Здравствуйте\" folds to \"здравствуите\"")]
    public void Normalize_RussianWordWithShortI_KeepsTheLetter()
    {
        Assert.Equal("\u0437\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435", TextNormalizer.Normalize("\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435"));
    }

    [Fact]
    public void Normalize_DottedAcronym_IsJoined()
    {
        Assert.Equal("hea office", TextNormalizer.Normalize("H.E.A. office"));
    }

    [Theory]
    [InlineData("a b", "a b")]
    [InlineData("plan a or b", "plan a or b")]
    [InlineData("I am a fan", "i am a fan")]
    public void Normalize_FewerThanThreeSingleLetters_AreNotJoined(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_SpacedLettersAcrossASentenceBoundary_AreNotJoinedAcrossIt()
    {
        var folded = Fold("a b c. d e f");

        Assert.Equal(new[] { "abc", "def" }, Tokens(folded));
        Assert.NotEqual(folded.SentenceOf(0), folded.SentenceOf(1));
    }

    [Theory]
    [InlineData("#HarborEnforcement", "harborenforcement")]
    [InlineData("@harborenforcement", "harborenforcement")]
    [InlineData("#CarrowVotes @carrowvotes", "carrowvotes carrowvotes")]
    [InlineData("cc:@brackwaterschools,#BrackwaterUnified!", "cc brackwaterschools brackwaterunified")]
    public void Normalize_HashtagsAndMentions_BecomePlainWords(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("one two. three four", '.')]
    [InlineData("one two! three four", '!')]
    [InlineData("one two? three four", '?')]
    [InlineData("one two\nthree four", '\n')]
    public void SentenceOf_AfterSentenceEnd_StartsANewSentence(string input, char boundary)
    {
        var folded = Fold(input);

        Assert.Equal(4, folded.TokenCount);
        Assert.Equal(folded.SentenceOf(0), folded.SentenceOf(1));
        Assert.Equal(folded.SentenceOf(2), folded.SentenceOf(3));
        Assert.True(folded.SentenceOf(1) != folded.SentenceOf(2), $"'{boundary}' should end the sentence");
    }

    [Fact]
    public void SentenceOf_SentenceStart_IsTheIndexOfItsFirstToken()
    {
        var folded = Fold("I am here. You are there! Who knows?\nNot me");

        Assert.Equal(new[] { 0, 0, 0, 3, 3, 3, 6, 6, 8, 8 }, Enumerable.Range(0, folded.TokenCount).Select(folded.SentenceOf));
    }

    [Theory]
    [InlineData("I will find Dr. Velloway tonight")]
    [InlineData("la Sra. Cortés llega mañana")]
    public void SentenceOf_DotOfATitle_DoesNotEndTheSentence(string input)
    {
        var folded = Fold(input);

        Assert.All(Enumerable.Range(0, folded.TokenCount), t => Assert.Equal(0, folded.SentenceOf(t)));
    }

    [Fact]
    public void SentenceOf_CommasAndDashes_DoNotEndASentence()
    {
        var folded = Fold("first, second - third: fourth");

        Assert.All(Enumerable.Range(0, folded.TokenCount), t => Assert.Equal(0, folded.SentenceOf(t)));
    }

    [Fact]
    public void IsQuoted_StraightDoubleQuotes_MarkOnlyTheQuotedTokens()
    {
        var folded = Fold("He wrote \"kill them all\" online");

        Assert.Equal(new[] { false, false, true, true, true, false }, Enumerable.Range(0, folded.TokenCount).Select(folded.IsQuoted));
    }

    [Fact]
    public void IsQuoted_CurlyDoubleQuotes_MarkOnlyTheQuotedTokens()
    {
        var folded = Fold("He wrote \u201Ckill them all\u201D online");

        Assert.Equal(new[] { false, false, true, true, true, false }, Enumerable.Range(0, folded.TokenCount).Select(folded.IsQuoted));
    }

    [Fact]
    public void IsQuoted_ApostrophesInsideWords_AreNotQuotes()
    {
        var folded = Fold("I don't think it's HEA's fault");

        Assert.All(Enumerable.Range(0, folded.TokenCount), t => Assert.False(folded.IsQuoted(t), $"token {t} '{folded[t].ToString()}'"));
    }

    [Fact]
    public void IsQuoted_SingleQuotesAroundAWord_MarkIt()
    {
        var folded = Fold("they said 'shoot' and left");

        Assert.True(folded.IsQuoted(IndexOf(folded, "shoot")));
        Assert.False(folded.IsQuoted(IndexOf(folded, "said")));
        Assert.False(folded.IsQuoted(IndexOf(folded, "left")));
    }

    [Fact]
    public void IsQuoted_AfterTheClosingQuote_IsFalseAgain()
    {
        var folded = Fold("\"one\" two \"three\" four");

        Assert.Equal(new[] { true, false, true, false }, Enumerable.Range(0, folded.TokenCount).Select(folded.IsQuoted));
    }

    [Theory]
    [InlineData("a\uD800b")]
    [InlineData("\uDC00 lone low surrogate")]
    [InlineData("trailing high \uD83D")]
    [InlineData("\U0001F525\U0001F525 fire \U0001F621")]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467 family")]
    [InlineData("\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 HEA")]
    [InlineData("\u202Ereversed\u202C text \u200F")]
    [InlineData("")]
    [InlineData("   \t\n  ")]
    [InlineData("!!!???...")]
    public void Normalize_UnusualInput_DoesNotThrow(string input)
    {
        var folded = Fold(input);

        Assert.True(folded.Length >= 0);
        Assert.Equal(folded.Length, folded.ToString().Length);
    }

    [Fact]
    public void Normalize_LoneSurrogate_IsDroppedAndTheRestIsKept()
    {
        Assert.Equal("hello hea", TextNormalizer.Normalize("hello \uD800 HEA"));
    }

    [Fact]
    public void Normalize_EmojiBetweenWords_SeparatesThem()
    {
        Assert.Equal("fire hea", TextNormalizer.Normalize("fire\U0001F525HEA"));
    }

    [Fact]
    public void Normalize_ArabicText_KeepsArabicWordsAndLatinOnes()
    {
        var tokens = Tokens(Fold("\u0645\u0631\u062D\u0628\u0627 HEA"));

        Assert.Equal(new[] { "\u0645\u0631\u062D\u0628\u0627", "hea" }, tokens);
    }

    [Fact]
    public void Normalize_LongText_FoldsEveryWord()
    {
        var builder = new StringBuilder();
        while (builder.Length < 3000)
        {
            builder.Append("K1ll H\u200BEA caf\u00E9. ");
        }

        var text = builder.ToString(0, 3000);
        var folded = Fold(text);

        Assert.True(folded.TokenCount > 500, $"only {folded.TokenCount} tokens");
        Assert.Equal("kill", folded[0].ToString());
        Assert.Equal("hea", folded[1].ToString());
        Assert.Equal("cafe", folded[2].ToString());
        Assert.Equal(3, folded.SentenceOf(3));
    }

    [Fact]
    public void Normalize_ReusedInstance_ForgetsThePreviousText()
    {
        var folded = new NormalizedText();
        TextNormalizer.Normalize("a much longer first text with many words in it", folded);
        TextNormalizer.Normalize("Short one", folded);

        Assert.Equal("short one", folded.ToString());
        Assert.Equal(2, folded.TokenCount);
    }

    [Fact]
    public void GetToken_Positions_PointIntoTheFoldedChars()
    {
        var folded = Fold("Hello,   WORLD!");
        var second = folded.GetToken(1);

        Assert.Equal("world", folded.Chars.Slice(second.Start, second.Length).ToString());
    }

    [Fact]
    public void Normalize_RandomAliasVariants_FoldToTheSameTextAsTheOriginal()
    {
        const string Latin = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        char[] zeroWidth = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];
        var lookalikes = new Dictionary<char, char>
        {
            ['a'] = '\u0430', ['e'] = '\u0435', ['o'] = '\u043E', ['p'] = '\u0440', ['c'] = '\u0441',
            ['A'] = '\u0410', ['E'] = '\u0415', ['O'] = '\u041E', ['P'] = '\u0420', ['C'] = '\u0421',
        };
        var random = new Random(20261120);

        for (var n = 0; n < 200; n++)
        {
            var words = new string[random.Next(1, 5)];
            for (var w = 0; w < words.Length; w++)
            {
                var chars = new char[random.Next(2, 10)];
                for (var c = 0; c < chars.Length; c++)
                {
                    // Lean on the letters that have look-alikes so that substitutions are frequent.
                    chars[c] = random.Next(3) == 0 ? "aeopcAEOPC"[random.Next(10)] : Latin[random.Next(Latin.Length)];
                }

                words[w] = new string(chars);
            }

            var original = string.Join(' ', words);
            var variant = new StringBuilder();
            foreach (var word in words)
            {
                if (variant.Length > 0)
                {
                    variant.Append(' ');
                }

                for (var c = 0; c < word.Length; c++)
                {
                    var ch = word[c];
                    if (random.Next(2) == 0)
                    {
                        ch = char.IsUpper(ch) ? char.ToLowerInvariant(ch) : char.ToUpperInvariant(ch);
                    }

                    if (lookalikes.TryGetValue(ch, out var cyrillic) && random.Next(2) == 0)
                    {
                        ch = cyrillic;
                    }

                    variant.Append(ch);
                    if (c < word.Length - 1 && random.Next(4) == 0)
                    {
                        variant.Append(zeroWidth[random.Next(zeroWidth.Length)]);
                    }
                }
            }

            var expected = original.ToLowerInvariant();
            Assert.True(expected == TextNormalizer.Normalize(original), $"alias #{n} '{original}' folded to '{TextNormalizer.Normalize(original)}'");
            Assert.True(expected == TextNormalizer.Normalize(variant.ToString()),
                $"alias #{n} '{original}': variant '{Escape(variant.ToString())}' folded to '{TextNormalizer.Normalize(variant.ToString())}'");
        }
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c < 0x80 ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }
}
