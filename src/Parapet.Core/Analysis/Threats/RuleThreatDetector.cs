using Parapet.Matching;
using Parapet.Text;
using Parapet.Watchlists;
using L = Parapet.Analysis.Threats.ThreatLexicon;

namespace Parapet.Analysis.Threats;

/// <summary>
/// Reads a post the way the legal test for a true threat does: is there an act of violence, does the speaker
/// intend it, call for it or warn of it, and at whom is it aimed. Each finding carries the words that made it,
/// so an analyst sees why. Criticism, reported speech, idioms and metaphors are ruled out before a verdict.
/// </summary>
public sealed class RuleThreatDetector
{
    private const int IntentWindow = 12;
    private const int ObjectWindow = 7;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Determiners =
        new HashSet<string>(L.Determiners, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ClauseVerbs =
        new HashSet<string>(["is", "are", "was", "were", "has", "have", "had", "s", "does", "did", "will", "can", "should",
            "es", "son", "fue", "era", "esta", "estan", "tiene", "ha"], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Watchlist _watchlist;

    public RuleThreatDetector(Watchlist watchlist)
    {
        _watchlist = watchlist;
    }

    public ThreatResult Detect(NormalizedText text, IReadOnlyList<EntityMatch> matches)
    {
        Finding? best = null;
        for (var t = 0; t < text.TokenCount; t++)
        {
            // Every rule gets its say at every word: one reading aimed elsewhere must not hide another aimed here.
            foreach (var finding in new[]
                     {
                         FromAct(text, matches, t), FromPassive(text, matches, t), FromSecondPerson(text, matches, t),
                         FromWarning(text, matches, t), FromDeathTo(text, matches, t), FromCarry(text, matches, t),
                         FromOminous(text, matches, t), FromApproval(text, matches, t),
                     })
            {
                if (finding is not null && (best is null || finding.Better(best)))
                {
                    best = finding;
                }
            }
        }

        return best is null ? ThreatResult.None : best.ToResult();
    }

    /// <summary>"I'm going to shoot up the Eastgate center", "someone should burn down their office".</summary>
    private Finding? FromAct(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        if (L.NotActs.MatchAt(text, v) is not null)
        {
            return null;
        }

        var call = L.CallActs.MatchAt(text, v);
        var thirdPerson = call is null ? L.ThirdPersonActs.MatchAt(text, v) : null;
        if ((call ?? thirdPerson ?? L.Acts.MatchAt(text, v) ?? L.FirstPersonActs.MatchAt(text, v) ?? SplitAct(text, v)) is not { } act)
        {
            return null;
        }

        var sentence = text.SentenceOf(v);
        var windowStart = Math.Max(sentence, v - IntentWindow);
        ThreatSeverity severity;
        var reasons = new List<string>();
        var intent = LastBefore(L.FirstPersonIntent, text, windowStart, v);
        if (L.FirstPersonActs.MatchAt(text, v) is { } selfAct && selfAct.Length >= act.Length)
        {
            intent ??= (v, selfAct);
        }

        var incitement = LastBefore(L.Incitement, text, windowStart, v);
        if (call is not null || (thirdPerson is null && OpensSentence(text, sentence, v) && !GerundSubject(text, act, v)))
        {
            // "Mátenlo", "Kill Alana Voss": the verb itself calls on others.
            if (NegatedBetween(text, Math.Max(sentence, v - 3), v) || Disavowed(text, sentence))
            {
                return null;
            }

            severity = ThreatSeverity.Concerning;
            reasons.Add($"call for violence: \"{act.Display}\"");
        }
        else if (thirdPerson is not null)
        {
            // "shoots" is a threat only when someone is being asked or wished to: "I hope someone shoots…".
            if (incitement is not { } wish || NegatedBetween(text, Math.Max(sentence, wish.Token - 3), v))
            {
                return null;
            }

            severity = ThreatSeverity.Concerning;
            reasons.Add($"incitement: \"{Words(text, wish.Token, wish.Phrase.Length)} … {act.Display}\"");
        }
        else if (intent is { } i && !NegatedBetween(text, Math.Max(sentence, i.Token - 3), v) && !Disavowed(text, sentence))
        {
            var conditional = L.Conditional.FindIn(text, Math.Max(0, sentence - 12), i.Token);
            severity = conditional is null ? ThreatSeverity.Credible : ThreatSeverity.Concerning;
            var said = i.Token == v ? act.Display : $"{Words(text, i.Token, i.Phrase.Length)} {act.Display}";
            reasons.Add(conditional is null
                ? $"first-person intent: \"{said}\""
                : $"conditional intent: \"{conditional.Value.Phrase.Display} … {said}\"");
        }
        else if (SaysIRightBefore(text, sentence, v) && !NegatedBetween(text, Math.Max(sentence, v - 4), v) && !Disavowed(text, sentence))
        {
            // "next week I take out as many as I can": the present tense says it as plainly as "I will".
            severity = ThreatSeverity.Credible;
            reasons.Add($"first-person intent: \"{Words(text, Math.Max(sentence, v - 2), v - Math.Max(sentence, v - 2))} {act.Display}\"");
        }
        else if (SentenceOpensWithBareIntent(text, sentence, v))
        {
            severity = ThreatSeverity.Credible;
            reasons.Add($"first-person intent: \"{Words(text, sentence, v - sentence)} {act.Display}\"");
        }
        else if (incitement is { } c && !NegatedBetween(text, Math.Max(sentence, c.Token - 3), v))
        {
            severity = ThreatSeverity.Concerning;
            reasons.Add($"incitement: \"{Words(text, c.Token, c.Phrase.Length)} {act.Display}\"");
        }
        else
        {
            return null;
        }

        var objectStart = v + act.Length;

        // "la voy a matar, me dejó sin nada": an act that carries its object is no idiom of what follows it.
        var ownObject = CliticBefore(text, sentence, v) || PronounInAct(text, v, objectStart);
        if (!ownObject && IsIdiom(text, act, objectStart, matches))
        {
            return null;
        }

        if ((ownObject || (objectStart < text.TokenCount && L.ActPronouns.Contains(text[objectStart]))) && PestBefore(text, sentence, v))
        {
            return null;
        }

        var targets = TargetsAfter(text, matches, objectStart, sentence, v);
        if (targets is null)
        {
            return null;
        }

        if (targets.Count == 0 && ObjectBeforeTo(text, matches, sentence, v) is { } before)
        {
            targets = [before];
        }

        return Finish(text, matches, severity, reasons, targets, v, act.Display);
    }

    /// <summary>
    /// "Killing gay people is not the answer": a deed at the head of a sentence that the sentence then denies is
    /// its subject, not a call to do it, as "killing falconi tomorrow" is.
    /// </summary>
    private static bool GerundSubject(NormalizedText text, PhraseSet.Phrase act, int v)
    {
        if (!act.Words[0].EndsWith("ing", StringComparison.Ordinal))
        {
            return false;
        }

        var end = SentenceEnd(text, text.SentenceOf(v)) + 1;
        for (var t = v + act.Length; t < end; t++)
        {
            if (ClauseVerbs.Contains(text[t]) || text[t] is "would" or "won" or "makes" or "isn" or "solves" or "fixes")
            {
                return NegatedBetween(text, t, end);
            }
        }

        return false;
    }

    /// <summary>"find some Asians to beat up", "busca gitanos para golpear": the watched name right before "to" and the act.</summary>
    private static int? ObjectBeforeTo(NormalizedText text, IReadOnlyList<EntityMatch> matches, int sentence, int v)
    {
        if (v - 2 < sentence || text[v - 1] is not ("to" or "para"))
        {
            return null;
        }

        return matches.Where(m => m.TokenStart >= sentence && m.TokenStart + m.TokenCount == v - 1).Select(m => (int?)m.Profile).FirstOrDefault();
    }

    /// <summary>"put Varga in the ground": the head of a split act, when its tail closes it within a few words.</summary>
    private static PhraseSet.Phrase? SplitAct(NormalizedText text, int v)
    {
        foreach (var (heads, tails) in L.SplitActs)
        {
            if (heads.MatchAt(text, v) is not { } head)
            {
                continue;
            }

            var sentence = text.SentenceOf(v);
            var from = v + head.Length + 1;
            for (var t = from; t < from + 5 && t < text.TokenCount && text.SentenceOf(t) == sentence; t++)
            {
                if (tails.MatchAt(text, t) is { } tail)
                {
                    return new PhraseSet.Phrase($"{head.Display} … {tail.Display}", head.Words, false);
                }
            }
        }

        return null;
    }

    /// <summary>"Women should all be killed", "HEA agents deserve to be shot", "que cuelguen a los del consejo".</summary>
    private Finding? FromPassive(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        if (L.PassiveActs.MatchAt(text, v) is not { } act)
        {
            return null;
        }

        var sentence = text.SentenceOf(v);
        // "deserves to be dragged out of the plant and strung up": a call that says "be" reaches further.
        var near = LastBefore(L.PassiveCall, text, Math.Max(sentence, v - 4), v);
        var far = near is null ? LastBefore(L.PassiveCall, text, Math.Max(sentence, v - 12), v) : null;
        // "gonna get crucified in the press": a beating in words.
        if ((near ?? (far is { Phrase.Words: [.., "be" or "ser"] } ? far : null)) is not { } call
            || NegatedBetween(text, Math.Max(sentence, call.Token - 4), v) || Disavowed(text, sentence)
            || L.IdiomTail.FindIn(text, v + act.Length, Math.Min(SentenceEnd(text, sentence) + 1, v + act.Length + 3)) is not null)
        {
            return null;
        }

        var targets = new List<int>();
        foreach (var m in matches)
        {
            if (m.TokenStart >= Math.Max(sentence, call.Token - 10) && m.TokenStart < call.Token && !targets.Contains(m.Profile))
            {
                targets.Add(m.Profile);
            }
        }

        var generic = targets.Count == 0 && call.Token > sentence && L.ObjectPronouns.FindIn(text, Math.Max(sentence, call.Token - 4), call.Token) is not null;
        if (targets.Count == 0 && !generic)
        {
            return null;
        }

        var reasons = new List<string> { $"call for violence: \"{Words(text, call.Token, v - call.Token + act.Length)}\"" };
        return Finish(text, matches, ThreatSeverity.Concerning, reasons, targets, v, act.Display);
    }

    /// <summary>"You're dead", "watch your back", "sé dónde vives", addressed to a watched name.</summary>
    private Finding? FromSecondPerson(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        if (L.SecondPerson.MatchAt(text, v) is not { } phrase || NegatedBetween(text, Math.Max(text.SentenceOf(v), v - 2), v))
        {
            return null;
        }

        // "You" in a reply or a mention speaks to the account replied to or mentioned; in a quote post or deeper in a
        // thread it may speak to anyone, so those count only when the text names the profile too.
        var targets = matches.Where(m => m.Kind != NameKind.Place && m.Via is not (MatchVia.Quote or MatchVia.Thread))
            .Select(m => m.Profile).Distinct().ToList();
        var reasons = new List<string> { $"second-person threat: \"{phrase.Display}\"" };
        return Finish(text, matches, ThreatSeverity.Concerning, reasons, targets, v, phrase.Display);
    }

    /// <summary>"Voss is a dead woman", "Every exec deserves a bullet", "the center is gonna get shot up".</summary>
    private Finding? FromOminous(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        var veiled = L.Ominous.MatchAt(text, v) is null;
        if (matches.Count == 0 || (L.Ominous.MatchAt(text, v) ?? L.Veiled.MatchAt(text, v)) is not { } phrase
            || NegatedBetween(text, Math.Max(text.SentenceOf(v), v - 2), v) || Disavowed(text, text.SentenceOf(v))
            || L.SportsContext.Contains(text, text.SentenceOf(v), SentenceEnd(text, text.SentenceOf(v)) + 1))
        {
            return null;
        }

        var targets = matches.Select(m => m.Profile).Distinct().ToList();
        var reasons = new List<string> { veiled ? $"veiled threat: \"{phrase.Display}\"" : $"threat of violence: \"{phrase.Display}\"" };
        return Finish(text, matches, ThreatSeverity.Concerning, reasons, targets, v, phrase.Display);
    }

    /// <summary>"There's a bomb in the Pier 9 office", "don't send your kids to Millbrook High on Friday, you've been warned".</summary>
    private Finding? FromWarning(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        if (L.Warnings.MatchAt(text, v) is not { } phrase || NegatedBetween(text, Math.Max(text.SentenceOf(v), v - 2), v)
            || (v > 0 && (text[v - 1].StartsWith("drop") || text[v - 1].SequenceEqual("a"))))
        {
            return null;
        }

        var ominous = phrase.Words.Any(w => w is "bomb" or "bombs" or "bomba" or "shooting" or "tiroteo" or "explosive"
                or "explosives" or "explosivo" or "explosivos" or "dinamita" or "balacera")
            || L.WarningEcho.Contains(text, v + phrase.Length, text.TokenCount) || L.WarningEcho.Contains(text, 0, v);
        if (!ominous)
        {
            return null;
        }

        var sentence = text.SentenceOf(v);
        var targets = TargetsAfter(text, matches, v + phrase.Length, sentence, v) ?? [];
        if (targets.Count == 0)
        {
            targets = [.. matches.Select(m => m.Profile).Distinct()];
        }

        var reasons = new List<string> { $"warning of an attack: \"{phrase.Display}\"" };
        return Finish(text, matches, ThreatSeverity.Credible, reasons, targets, v, phrase.Display);
    }

    /// <summary>"Bringing a gun to Eastgate on Monday", "I'll be waiting outside the center with a loaded shotgun".</summary>
    private Finding? FromCarry(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        if (matches.Count == 0 || L.Weapons.MatchAt(text, v) is not { } weapon)
        {
            return null;
        }

        var sentence = text.SentenceOf(v);
        if (LastBefore(L.Carry, text, Math.Max(sentence, v - 4), v) is not { } carry)
        {
            return null;
        }

        var speaker = LastBefore(L.FirstPersonIntent, text, sentence, carry.Token + 1);
        var bareSpeaker = carry.Token == sentence || SentenceOpensWithBareIntent(text, sentence, carry.Token)
            || SaysIBefore(text, sentence, carry.Token);
        if ((speaker is null && !bareSpeaker) || NegatedBetween(text, Math.Max(sentence, carry.Token - 4), v))
        {
            return null;
        }

        // Arming oneself in a post that names a watched organization is aimed at it wherever the name stands.
        var targets = matches.Select(m => m.Profile).Distinct().ToList();
        var reasons = new List<string> { $"armed intent: \"{Words(text, carry.Token, v - carry.Token + weapon.Length)}\"" };
        return Finish(text, matches, ThreatSeverity.Imminent, reasons, targets, v, weapon.Display);
    }

    /// <summary>"I take out…", "we just burn…", "yo mato…": the speaker, right before the act.</summary>
    private static bool SaysIRightBefore(NormalizedText text, int sentence, int v)
    {
        static bool Speaker(ReadOnlySpan<char> w) => w.SequenceEqual("i") || w.SequenceEqual("we") || w.SequenceEqual("yo")
            || w.SequenceEqual("nosotros");

        if (v - 1 >= sentence && Speaker(text[v - 1]))
        {
            return true;
        }

        return v - 2 >= sentence && Speaker(text[v - 2])
            && (text[v - 1].SequenceEqual("just") || text[v - 1].SequenceEqual("personally") || text[v - 1].SequenceEqual("really")
                || text[v - 1].SequenceEqual("finally") || text[v - 1].SequenceEqual("gladly") || text[v - 1].SequenceEqual("mismo"));
    }

    /// <summary>"I have a gun…", "el viernes llego armado": the speaker names themself before arming.</summary>
    private static bool SaysIBefore(NormalizedText text, int sentence, int carry)
    {
        for (var t = carry; t >= sentence && t > carry - 12; t--)
        {
            if (L.FirstPersonVerbs.Contains(text[t]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Death to HEA", "muerte a los del consejo".</summary>
    private Finding? FromDeathTo(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        var word = text[v];
        if (!(word.SequenceEqual("death") || word.SequenceEqual("muerte")) || v + 1 >= text.TokenCount
            || !(text[v + 1].SequenceEqual("to") || text[v + 1].SequenceEqual("a") || text[v + 1].SequenceEqual("al")))
        {
            return null;
        }

        // "no more death to anyone", "muerte a ningún migrante": the call is denied, not made.
        if (NegatedBetween(text, Math.Max(text.SentenceOf(v), v - 4), v)
            || (v + 2 < text.TokenCount && (text[v + 2].StartsWith("ningun") || text[v + 2].SequenceEqual("nadie"))))
        {
            return null;
        }

        var targets = TargetsAfter(text, matches, v + 2, text.SentenceOf(v), v);
        if (targets is null || (targets.Count == 0 && matches.Count == 0))
        {
            return null;
        }

        var reasons = new List<string> { $"call for violence: \"{Words(text, v, 2)}\"" };
        return Finish(text, matches, ThreatSeverity.Concerning, reasons, targets, v, Words(text, v, 1));
    }

    /// <summary>
    /// "Shooting Hispanic kids at the border is the right policy", "Quemar a los gitanos es lo que merecen": a
    /// sentence that opens with an act of violence against watched people and calls it right, deserved or a fix.
    /// </summary>
    private Finding? FromApproval(NormalizedText text, IReadOnlyList<EntityMatch> matches, int v)
    {
        var sentence = text.SentenceOf(v);
        if (v - sentence > 1 || L.ApprovedActs.MatchAt(text, v) is not { } act)
        {
            return null;
        }

        var end = SentenceEnd(text, sentence) + 1;
        if (L.Approval.FindIn(text, v + act.Length, end) is not { } approval
            || NegatedBetween(text, sentence, end) || Disavowed(text, sentence))
        {
            return null;
        }

        var targets = matches.Where(m => m.TokenStart > v && m.TokenStart < end).Select(m => m.Profile).Distinct().ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        var reasons = new List<string> { $"violence called right: \"{act.Display} … {approval.Phrase.Display}\"" };
        return Finish(text, matches, ThreatSeverity.Concerning, reasons, targets, v, act.Display);
    }

    private Finding? Finish(NormalizedText text, IReadOnlyList<EntityMatch> matches, ThreatSeverity severity,
        List<string> reasons, List<int> targets, int v, string act)
    {
        var sentence = text.SentenceOf(v);
        if (Reported(text, sentence, v)
            || (text.IsQuoted(v) && (L.Reported.Contains(text, 0, text.TokenCount) || L.QuoteFrames.Contains(text, 0, text.TokenCount)
                || SetsQuoteApart(text)))
            || Condemned(text, sentence, v) || InOthersMouth(text, sentence, v))
        {
            return null;
        }

        if (targets.Count > 0)
        {
            var names = targets.Select(p => _watchlist.Profiles[p]).Select(p => $"{p.Name} ({p.Id})");
            reasons.Add($"aimed at {string.Join(", ", names)}");
            ThroughAccount(matches, targets, reasons);
        }

        if (severity >= ThreatSeverity.Credible)
        {
            var sentenceEnd = SentenceEnd(text, sentence);
            var time = L.Time.FindIn(text, sentence, sentenceEnd + 6);
            var weapon = L.Weapons.FindIn(text, sentence, sentenceEnd + 6);
            var place = matches.FirstOrDefault(m => m.Kind == NameKind.Place && targets.Contains(m.Profile));
            if (time is not null || weapon is not null || place != default)
            {
                severity = ThreatSeverity.Imminent;
                if (time is { } tm)
                {
                    reasons.Add($"time: \"{Words(text, tm.Token, tm.Phrase.Length)}\"");
                }

                if (weapon is { } wp)
                {
                    reasons.Add($"weapon or means: \"{Words(text, wp.Token, wp.Phrase.Length)}\"");
                }

                if (place != default)
                {
                    reasons.Add($"place: \"{Words(text, place.TokenStart, place.TokenCount)}\"");
                }
            }
        }

        return new Finding(severity, reasons, targets, act);
    }

    /// <summary>
    /// A target the text does not name was reached through its account: the first reason says how, as in
    /// "reply to @agency's post: second-person threat: …".
    /// </summary>
    internal static void ThroughAccount(IReadOnlyList<EntityMatch> matches, IReadOnlyList<int> targets, List<string> reasons)
    {
        if (reasons.Count == 0)
        {
            return;
        }

        EntityMatch? link = null;
        foreach (var target in targets)
        {
            if (matches.Any(m => m.Profile == target && !m.IsAccount))
            {
                continue;
            }

            foreach (var m in matches)
            {
                if (m.Profile == target && m.IsAccount && (link is null || m.Via < link.Value.Via))
                {
                    link = m;
                }
            }
        }

        if (link?.Describe() is { } how)
        {
            reasons[0] = $"{how}: {reasons[0]}";
        }
    }

    /// <summary>
    /// Counter-speech: a threat quoted or put in others' mouths ("telling them they deserve to die…") by a post that
    /// condemns it ("…is harassment", "me da asco").
    /// </summary>
    private static bool Condemned(NormalizedText text, int sentence, int v) =>
        L.Condemnation.Contains(text, 0, text.TokenCount)
        && (text.IsQuoted(v) || L.SpeechVerbs.Contains(text, Math.Max(sentence, v - 10), v));

    /// <summary>The whole post is counter-speech: it condemns, and it quotes or reports what others say.</summary>
    internal static bool CounterSpeech(NormalizedText text)
    {
        if (!L.Condemnation.Contains(text, 0, text.TokenCount))
        {
            return false;
        }

        for (var t = 0; t < text.TokenCount; t++)
        {
            if (text.IsQuoted(t))
            {
                return true;
            }
        }

        return L.SpeechVerbs.Contains(text, 0, text.TokenCount);
    }

    /// <summary>
    /// The post quotes words and speaks about them in its own: a quote of three words or more, three or more words
    /// outside it, and none of them taking the quote up ("exactly", "well said").
    /// </summary>
    private static bool SetsQuoteApart(NormalizedText text)
    {
        var quoted = 0;
        var own = 0;
        for (var t = 0; t < text.TokenCount; t++)
        {
            if (text.IsQuoted(t))
            {
                quoted++;
            }
            else
            {
                own++;
                if (L.Endorsement.MatchAt(text, t) is not null)
                {
                    return false;
                }
            }
        }

        return quoted >= 3 && own >= 3;
    }

    /// <summary>
    /// "People who say Muslims should be shot…", "dicen que hay que matar a los migrantes": the act is what others
    /// say, unless the speaker says it ("I'm telling you…") or takes it up ("they say kill them all, and I agree").
    /// </summary>
    private static bool InOthersMouth(NormalizedText text, int sentence, int v)
    {
        if (L.OthersSpeech.FindIn(text, sentence, v) is not { } speech || L.Endorsement.Contains(text, 0, text.TokenCount))
        {
            return false;
        }

        for (var t = Math.Max(sentence, speech.Token - 2); t < speech.Token; t++)
        {
            if (L.SpeakerWords.Contains(text[t]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The post's only words of violence are inside a quote it sets apart: it talks about them.</summary>
    internal static bool OnlyQuotesViolence(NormalizedText text)
    {
        if (!SetsQuoteApart(text))
        {
            return false;
        }

        for (var t = 0; t < text.TokenCount; t++)
        {
            if (!text.IsQuoted(t) && L.ViolenceStems.MatchAt(text, t) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every sentence that speaks of violence disowns it: "I would never hurt a refugee", "Ningún gay merece morir".
    /// </summary>
    internal static bool DisownsViolence(NormalizedText text)
    {
        var violent = false;
        for (var sentence = 0; sentence < text.TokenCount; sentence = SentenceEnd(text, sentence) + 1)
        {
            var end = SentenceEnd(text, sentence) + 1;
            if (L.ViolenceStems.FindIn(text, sentence, end) is not { } stem)
            {
                continue;
            }

            violent = true;
            if (!Disavowed(text, sentence) && !L.SelfNegation.Contains(text, sentence, stem.Token))
            {
                return false;
            }
        }

        return violent;
    }

    private static bool IsIdiom(NormalizedText text, PhraseSet.Phrase act, int objectStart, IReadOnlyList<EntityMatch> matches)
    {
        var o = SkipDeterminers(text, objectStart);
        // "burn it down with the staffers inside": watched people joined to "it" make it no idiom.
        if (o < text.TokenCount && !matches.Any(m => m.TokenStart == o)
            && (L.Pests.Contains(text[o])
                || (L.IdiomObjects.MatchAt(text, o) is not null && PeopleInObject(text, matches, o, SentenceEnd(text, text.SentenceOf(o)), placesJoin: false) is null)))
        {
            return true;
        }

        if (L.IdiomTail.FindIn(text, objectStart, objectStart + ObjectWindow) is not null)
        {
            return true;
        }

        return act.Words.Length == 1 && L.SportsSlangActs.Contains(act.Words[0])
            && L.SportsContext.Contains(text, text.SentenceOf(objectStart - 1), SentenceEnd(text, text.SentenceOf(objectStart - 1)) + 1);
    }

    /// <summary>
    /// Whom the act is aimed at: watched names right after the verb, or a pronoun or role word standing for a
    /// watched name mentioned before. An empty list is a threat aimed elsewhere; null means no object was found.
    /// </summary>
    private static List<int>? TargetsAfter(NormalizedText text, IReadOnlyList<EntityMatch> matches, int objectStart, int sentence, int v)
    {
        var end = Math.Min(SentenceEnd(text, sentence) + 1, objectStart + ObjectWindow);
        var o = SkipDeterminers(text, objectStart);
        o = SkipTitles(text, matches, o, end);

        // The object is the watched name the verb reaches first; a name after some other object is not it.
        // "Dana Whitlock and Alana Voss": names joined by "and" are all objects.
        var targets = new List<int>();
        var at = o;
        while (at < end)
        {
            var here = matches.Where(m => m.TokenStart >= objectStart && m.TokenStart <= at && m.TokenStart + m.TokenCount > at - 1).ToList();
            if (here.Count == 0)
            {
                break;
            }

            var after = here.Max(m => m.TokenStart + m.TokenCount);
            if (targets.Count > 0 && after < text.TokenCount && ClauseVerbs.Contains(text[after]))
            {
                // "…, and CCBE is corrupt": a new clause's subject, not a second object.
                break;
            }

            foreach (var m in here.Where(m => !targets.Contains(m.Profile)))
            {
                targets.Add(m.Profile);
            }

            at = after;
            if (at >= text.TokenCount || !(text[at].SequenceEqual("and") || text[at].SequenceEqual("y") || text[at].SequenceEqual("or")))
            {
                break;
            }

            at = SkipDeterminers(text, at + 1);
        }

        if (targets.Count > 0)
        {
            return targets;
        }

        // "whoever designed the form for disabled people": a doer named by a deed, who belongs to no watched name.
        var sentenceEnd = SentenceEnd(text, sentence);
        if (o < text.TokenCount && L.Whoever.MatchAt(text, o) is { } who
            && !L.Belonging.Contains(text, o + who.Length, Math.Min(sentenceEnd + 1, o + who.Length + 4)))
        {
            return [];
        }

        // "every poll worker at Hollowmere", "los choferes del Hadley Yard": the object belongs to a watched name.
        for (var t = o; t < sentenceEnd && t < objectStart + ObjectWindow; t++)
        {
            if (ClauseVerbs.Contains(text[t]))
            {
                break;
            }

            if (!L.LinkWords.Contains(text[t]))
            {
                continue;
            }

            if (!NamesPersonOrBelonging(text, o, t))
            {
                break;
            }

            var owner = SkipDeterminers(text, t + 1);
            var linked = matches.Where(m => m.TokenStart == t + 1 || m.TokenStart == owner).Select(m => m.Profile).Distinct().ToList();
            if (linked.Count > 0)
            {
                return linked;
            }
        }

        // "the first caseworker I see": words of order before a role word.
        var role = o;
        while (role < end && role < o + 2 && L.Titles.Contains(text[role]) && L.ObjectPronouns.MatchAt(text, role) is null)
        {
            role++;
        }

        // "hurt her bad": "her" is the object itself, not the possessive of a named object.
        var herself = objectStart < text.TokenCount && text[objectStart].SequenceEqual("her")
            && (objectStart + 1 >= text.TokenCount || text.SentenceOf(objectStart + 1) != sentence || L.AfterObject.Contains(text[objectStart + 1]));
        var pronoun = herself || (role < text.TokenCount && role < end + 2 && L.ObjectPronouns.MatchAt(text, role) is not null)
            || OwnersPart(text, objectStart, o) || CliticBefore(text, sentence, v) || PronounInAct(text, v, objectStart);
        var bare = o >= end || o >= text.TokenCount || text.SentenceOf(o) != sentence;
        if (!pronoun && !bare)
        {
            // A named object that is not watched: a threat, but aimed elsewhere, unless a watched name is in it or
            // joined to it ("the synagogue and every Jew in it", "una iglesia llena de cristianos").
            return PeopleInObject(text, matches, o, sentenceEnd) ?? PlaceOfNamed(text, matches, objectStart, o, sentence) ?? [];
        }

        // A pronoun stands for the nearest watched name before the verb, else for any in the post.
        var before = matches.Where(m => m.TokenStart < v).OrderByDescending(m => m.TokenStart).Select(m => m.Profile).FirstOrDefault(-1);
        if (before >= 0)
        {
            return [before];
        }

        return [.. matches.Select(m => m.Profile).Distinct()];
    }

    /// <summary>
    /// "burn the mosque and every Muslim in it", "a church full of Christians", "poison the food at the group home":
    /// watched people joined to an unwatched object by "and", "full of" or "with" within a few words of it, or by
    /// "at" or "in" right after it (unless <paramref name="placesJoin"/> is false: "kill it at the Quenwick Plant" is no
    /// threat to the plant's people).
    /// </summary>
    private static List<int>? PeopleInObject(NormalizedText text, IReadOnlyList<EntityMatch> matches, int o, int sentenceEnd, bool placesJoin = true)
    {
        for (var t = o + 1; t <= sentenceEnd && t < o + 6; t++)
        {
            if (ClauseVerbs.Contains(text[t]) || text[t] is "then" or "luego" or "despues")
            {
                break;
            }

            // "at" and "in" join only the object's own words: "murder this burrito, then protest at…" does not.
            var joined = L.ObjectJoins.MatchAt(text, t) ?? (placesJoin && t <= o + 2 ? L.PlaceJoins.MatchAt(text, t) : null);
            if (joined is null)
            {
                continue;
            }

            var person = SkipDeterminers(text, t + joined.Length);
            var linked = matches.Where(m => m.TokenStart == person || m.TokenStart == t + joined.Length).Select(m => m.Profile).Distinct().ToList();
            if (linked.Count > 0)
            {
                return linked;
            }

            // "burn the church down with them in it": the pronoun stands for the watched name before the object.
            if (person < text.TokenCount && L.ObjectPronouns.MatchAt(text, person) is not null
                && matches.Where(m => m.TokenStart < o).OrderByDescending(m => m.TokenStart).Select(m => m.Profile).FirstOrDefault(-1) is var before and >= 0)
            {
                return [before];
            }
        }

        return null;
    }

    /// <summary>
    /// "Bomb the mosques. Muslims out", "shoot up the billing department" of a hospital named before: a house of
    /// worship or a group's gathering next to a watched name, or a part of an organization named in its sentence or
    /// the one before, is that name's place.
    /// </summary>
    private static List<int>? PlaceOfNamed(NormalizedText text, IReadOnlyList<EntityMatch> matches, int objectStart, int o, int sentence)
    {
        // "my house", "mi oficina": the speaker's own place is no organization's.
        for (var t = objectStart; t < o; t++)
        {
            if (L.OwnPossessives.Contains(text[t]))
            {
                return null;
            }
        }

        var place = -1;
        var gathering = false;
        for (var t = o; t < text.TokenCount && t < o + 4 && text.SentenceOf(t) == sentence; t++)
        {
            if (ClauseVerbs.Contains(text[t]))
            {
                break;
            }

            gathering = L.Gatherings.Contains(text[t]);
            if (gathering || L.OrgParts.Contains(text[t]))
            {
                place = t;
                break;
            }
        }

        if (place < 0)
        {
            return null;
        }

        // A house of worship belongs to a watched name in the next sentence too; a part of an organization only
        // to one in its own sentence or the one before.
        var from = sentence > 0 ? text.SentenceOf(sentence - 1) : sentence;
        var to = gathering && SentenceEnd(text, sentence) + 1 < text.TokenCount ? SentenceEnd(text, SentenceEnd(text, sentence) + 1) : SentenceEnd(text, sentence);
        var near = matches.Where(m => m.TokenStart >= from && m.TokenStart <= to)
            .OrderBy(m => Math.Abs(m.TokenStart - place)).Select(m => m.Profile).FirstOrDefault(-1);
        return near >= 0 ? [near] : null;
    }

    /// <summary>"rats in the break room, kill them all": the pronoun stands for pests named before it.</summary>
    private static bool PestBefore(NormalizedText text, int sentence, int v)
    {
        var previous = sentence > 0 ? text.SentenceOf(sentence - 1) : sentence;
        for (var t = previous; t < v; t++)
        {
            if (L.Pests.Contains(text[t]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"every poll worker", "los buses": people or things of an organization, not pigeons or weeds.</summary>
    private static bool NamesPersonOrBelonging(NormalizedText text, int from, int to)
    {
        for (var t = from; t < to; t++)
        {
            if (L.ObjectPronouns.MatchAt(text, t) is not null || L.Belongings.Contains(text[t]) || L.PersonsParts.Contains(text[t]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"the next HEA inspector", "al director Wetherby": words of rank or role before a watched name.</summary>
    private static int SkipTitles(NormalizedText text, IReadOnlyList<EntityMatch> matches, int o, int end)
    {
        for (var t = o; t < end && t < o + 3 && t < text.TokenCount; t++)
        {
            if (matches.Any(m => m.TokenStart == t))
            {
                return t;
            }

            if (!L.Titles.Contains(text[t]))
            {
                break;
            }
        }

        return o;
    }

    /// <summary>"her head", "your throat", "su casa": a part or belonging of a person stands for the person.</summary>
    private static bool OwnersPart(NormalizedText text, int objectStart, int o)
    {
        if (o >= text.TokenCount || !L.PersonsParts.Contains(text[o]))
        {
            return false;
        }

        for (var t = objectStart; t < o; t++)
        {
            if (L.Possessives.Contains(text[t]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The act carries its own object: "put you in the ground", "lo mato", "quemarlo".</summary>
    private static bool PronounInAct(NormalizedText text, int v, int objectStart)
    {
        for (var t = v; t < objectStart && t < text.TokenCount; t++)
        {
            var word = text[t];
            if (L.ActPronouns.Contains(word) || (word.Length > 4 && word[^3] == 'r' && word.EndsWith("lo"))
                || (word.Length > 4 && word.EndsWith("rla")) || word.EndsWith("rlos") || word.EndsWith("rlas")
                || (word.Length > 4 && word.EndsWith("rle")) || word.EndsWith("rles"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"lo voy a matar", "le disparo": a Spanish object pronoun before the verb of intent or the act.</summary>
    private static bool CliticBefore(NormalizedText text, int sentence, int v)
    {
        for (var t = Math.Max(sentence, v - 3); t < v; t++)
        {
            if (L.Clitics.Contains(text[t]) && (t + 1 == v || L.CliticHosts.Contains(text[t + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static int SkipDeterminers(NormalizedText text, int t)
    {
        while (t < text.TokenCount && Determiners.Contains(text[t])
               && !(t + 1 < text.TokenCount && L.ObjectPronouns.MatchAt(text, t) is { Length: > 1 }))
        {
            t++;
        }

        return t;
    }

    /// <summary>The intent or call nearest before the verb, so "I will not. Someone should…" reads the right one.</summary>
    private static (int Token, PhraseSet.Phrase Phrase)? LastBefore(PhraseSet set, NormalizedText text, int from, int v)
    {
        for (var t = v - 1; t >= from; t--)
        {
            if (set.MatchAt(text, t) is { } phrase && t + phrase.Length <= v)
            {
                return (t, phrase);
            }
        }

        return null;
    }

    /// <summary>"…would never fix anything", "jamás le haría daño": the sentence disowns violence.</summary>
    private static bool Disavowed(NormalizedText text, int sentence) =>
        L.Disavowal.Contains(text, sentence, SentenceEnd(text, sentence) + 1) || DeniedOfAll(text, sentence);

    /// <summary>"No Muslim deserves to die", "ningún migrante merece…", "nadie debería…": the act is denied to all.</summary>
    private static bool DeniedOfAll(NormalizedText text, int sentence)
    {
        if (!L.NoneOf.Contains(text[sentence]))
        {
            return false;
        }

        var end = Math.Min(SentenceEnd(text, sentence) + 1, sentence + 6);
        for (var t = sentence + 1; t < end; t++)
        {
            if (L.Deserve.Contains(text[t]))
            {
                return true;
            }

            // "No mercy, they deserve to die": a new subject, so the "no" is not the denial.
            if (text[t] is "they" or "these" or "those" or "them" or "ellos" or "ellas" or "estos" or "esos")
            {
                return false;
            }
        }

        return false;
    }

    private static bool NegatedBetween(NormalizedText text, int from, int to) => L.Negation.Contains(text, from, to);

    /// <summary>
    /// An imperative opens its sentence, after at most a vocative name and filler: "Kill Alana Voss",
    /// "HEA agents: shoot on sight", "just burn the office down".
    /// </summary>
    private static bool OpensSentence(NormalizedText text, int sentence, int v)
    {
        var t = sentence;
        while (t < v && (text[t].SequenceEqual("just") || text[t].SequenceEqual("go") || text[t].SequenceEqual("please")
                         || text[t].SequenceEqual("now") || text[t].SequenceEqual("someone") || text[t].SequenceEqual("somebody")))
        {
            t++;
        }

        return t == v;
    }

    /// <summary>"Gonna shoot up the HEA office tomorrow": the subject is dropped, the speaker is the one acting.</summary>
    private static bool SentenceOpensWithBareIntent(NormalizedText text, int sentence, int v)
    {
        if (v - sentence is < 1 or > 3)
        {
            return false;
        }

        var first = text[sentence];
        return first.SequenceEqual("gonna") || first.SequenceEqual("finna") || first.SequenceEqual("gunna")
            || (first.SequenceEqual("going") && text[sentence + 1].SequenceEqual("to"))
            || first.SequenceEqual("voy") || first.SequenceEqual("vamos");
    }

    private static bool Reported(NormalizedText text, int sentence, int v)
    {
        var previous = sentence > 0 ? text.SentenceOf(sentence - 1) : sentence;
        var end = SentenceEnd(text, sentence) + 1;
        for (var from = previous; L.Reported.FindIn(text, from, end) is { } found; from = found.Token + 1)
        {
            // "I said what I said", "the supervisors who wrote me up": the speaker's own words, or a clause about
            // the object, are no report.
            if (!(found.Phrase.Words is ["said" or "says" or "wrote" or "told" or "posted"] && found.Token > 0
                  && text[found.Token - 1] is "i" or "we" or "who"))
            {
                return true;
            }
        }

        return false;
    }

    private static int SentenceEnd(NormalizedText text, int sentence)
    {
        var t = sentence;
        while (t + 1 < text.TokenCount && text.SentenceOf(t + 1) == sentence)
        {
            t++;
        }

        return t;
    }

    internal static string Words(NormalizedText text, int start, int count)
    {
        var parts = new string[Math.Max(0, Math.Min(count, text.TokenCount - start))];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = text[start + i].ToString();
        }

        return string.Join(' ', parts);
    }

    private sealed record Finding(ThreatSeverity Severity, List<string> Reasons, List<int> Targets, string Act)
    {
        public bool Better(Finding other) =>
            (Targets.Count > 0, Severity).CompareTo((other.Targets.Count > 0, other.Severity)) > 0;

        public ThreatResult ToResult()
        {
            var score = Severity switch
            {
                ThreatSeverity.Imminent => 0.95,
                ThreatSeverity.Credible => 0.85,
                _ => 0.7,
            };
            return new ThreatResult(true, score, Severity, Reasons, Targets);
        }
    }
}
