using Parapet.Analysis.Threats;
using Parapet.Text;
using L = Parapet.Analysis.Threats.ThreatLexicon;

namespace Parapet.Analysis.Models;

/// <summary>
/// What the rules' lexicons see in a post, as model features: which kinds of phrase a sentence holds (an act,
/// first-person intent, reported speech, a negation…) and which kinds meet in one sentence. Words alone cannot
/// tell "I'll shoot up the school" from "he said he'd shoot up the school"; the pair "reported + act" can.
/// </summary>
internal static class ThreatCueFeatures
{
    private static readonly (string Name, PhraseSet Set)[] Sets =
    [
        ("act", L.Acts), ("self-act", L.FirstPersonActs), ("ominous", L.Ominous), ("third-act", L.ThirdPersonActs),
        ("call-act", L.CallActs), ("not-act", L.NotActs), ("passive-act", L.PassiveActs), ("intent", L.FirstPersonIntent),
        ("incite", L.Incitement), ("passive-call", L.PassiveCall), ("you", L.SecondPerson), ("warning", L.Warnings),
        ("time", L.Time), ("weapon", L.Weapons), ("carry", L.Carry), ("violence", L.ViolenceStems), ("negation", L.Negation),
        ("disavow", L.Disavowal), ("reported", L.Reported), ("idiom-object", L.IdiomObjects), ("metaphor", L.MetaphorSubjects),
        ("idiom-tail", L.IdiomTail), ("sports", L.SportsContext), ("if", L.Conditional), ("condemn", L.Condemnation),
        ("speech", L.SpeechVerbs), ("pest", L.PestPhrases),
    ];

    [ThreadStatic]
    private static int[]? t_firstSeen;

    // The rules with no watched names: a verdict on wording alone, the same in training as at run time.
    private static readonly RuleThreatDetector Rules = new(new Watchlists.Watchlist([]));

    /// <summary>Adds the cue features of the text <paramref name="features"/> last extracted.</summary>
    public static void Add(TextFeatures features, HashSet<int> into)
    {
        var text = features.LastText;
        var verdict = Rules.Detect(text, []);
        if (verdict.IsThreat)
        {
            features.AddNamed($"rule:{verdict.Severity}", into);
        }

        var firstSeen = t_firstSeen ??= new int[Sets.Length];
        var start = 0;
        var quoted = false;
        for (var t = 0; t <= text.TokenCount; t++)
        {
            if (t < text.TokenCount && text.SentenceOf(t) == text.SentenceOf(start))
            {
                quoted |= text.IsQuoted(t);
                continue;
            }

            if (t > start)
            {
                AddSentence(text, start, t, quoted, firstSeen, features, into);
            }

            start = t;
            quoted = false;
        }
    }

    private static void AddSentence(NormalizedText text, int from, int to, bool quoted, int[] firstSeen, TextFeatures features,
        HashSet<int> into)
    {
        var present = 0;
        for (var s = 0; s < Sets.Length; s++)
        {
            firstSeen[s] = Sets[s].Set.FindIn(text, from, to) is { } hit ? hit.Token : -1;
            if (firstSeen[s] >= 0)
            {
                present++;
                features.AddNamed($"cue:{Sets[s].Name}", into);
                if (quoted)
                {
                    features.AddNamed($"cue:quoted+{Sets[s].Name}", into);
                }
            }
        }

        if (present == 0)
        {
            return;
        }

        for (var a = 0; a < Sets.Length; a++)
        {
            for (var b = a + 1; b < Sets.Length && firstSeen[a] >= 0; b++)
            {
                if (firstSeen[b] >= 0)
                {
                    // Order matters: intent before the act is a plan, the act before a negation is often a denial.
                    var (first, second) = firstSeen[a] <= firstSeen[b] ? (a, b) : (b, a);
                    features.AddNamed($"cue:{Sets[first].Name}<{Sets[second].Name}", into);
                }
            }
        }
    }
}
