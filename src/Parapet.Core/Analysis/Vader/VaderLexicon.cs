using System.Collections.Frozen;
using System.Globalization;

namespace Parapet.Analysis.Vader;

/// <summary>Word and emoticon valences from <c>vader_lexicon.txt</c>, looked up by lower-cased token.</summary>
internal sealed class VaderLexicon
{
    internal const string ResourceName = "Parapet.Vader.vader_lexicon.txt";

    private readonly FrozenDictionary<string, double> _valences;
    private readonly FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    private VaderLexicon(FrozenDictionary<string, double> valences)
    {
        _valences = valences;
        _bySpan = valences.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _valences.Count;

    public bool TryGetValence(ReadOnlySpan<char> lowerToken, out double valence) =>
        _bySpan.TryGetValue(lowerToken, out valence);

    public bool Contains(ReadOnlySpan<char> lowerToken) => _bySpan.ContainsKey(lowerToken);

    public static VaderLexicon LoadEmbedded()
    {
        using var stream = typeof(VaderLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from Parapet.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>Reads tab-separated lines: token, mean valence, then columns VADER does not use.</summary>
    public static VaderLexicon Parse(TextReader reader)
    {
        var valences = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var token = line[..tab];
            var rest = line.AsSpan(tab + 1);
            var nextTab = rest.IndexOf('\t');
            var valence = double.Parse(nextTab < 0 ? rest : rest[..nextTab], NumberStyles.Float, CultureInfo.InvariantCulture);

            // Tokens are only ever looked up lower-cased, so an entry with capitals (":D", "O.o") can never
            // match in the reference either; dropping it keeps that true whatever lower-casing does to non-ASCII.
            if (!IsLowerCased(token))
            {
                continue;
            }

            // The file lists a few tokens twice ("lol", "ok", ...); the reference keeps the last line.
            valences[token] = valence;
        }

        return new VaderLexicon(valences.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static bool IsLowerCased(string token)
    {
        foreach (var c in token)
        {
            if (VaderRules.ToLower(c) != c)
            {
                return false;
            }
        }

        return true;
    }
}
