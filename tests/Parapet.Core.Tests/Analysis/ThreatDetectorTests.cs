using Parapet.Analysis;
using Parapet.Analysis.Vader;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Analysis;

/// <summary>
/// Threat detection end to end (normalize → match → classify) against samples/watchlist.yaml:
/// hea (HEA, Eastgate Processing Center, Pier 9 field office, Alana Voss), busd (BUSD, Brackwater High,
/// Linnet Elementary, Rosa Delgado-Finch), ccbe (CCBE, Carrow County Elections Warehouse, Tomas Okafor),
/// grmc (GRMC, Greywell ER, Kellerman Clinic, Priya Halloran), corvane (Corvane, Corvane Plant 2, Dana Whitlock).
/// </summary>
public sealed class ThreatDetectorTests
{
    private static readonly Lazy<WatchlistMatcher> Matcher =
        new(() => WatchlistMatcher.Build(WatchlistLoader.Load(RepoPaths.Combine("samples", "watchlist.yaml"))));

    private static int s_ids;

    private static PostAnalysis Analyze(string text)
    {
        // PostAnalyzer is not thread-safe, so every case gets its own; the matcher is shared read-only.
        var analyzer = new PostAnalyzer(Matcher.Value, VaderSentimentAnalyzer.Shared);
        return analyzer.Analyze(new Post { Id = $"case-{Interlocked.Increment(ref s_ids)}", Text = text });
    }

    private static string Describe(PostAnalysis analysis) =>
        $"alert={analysis.Alert} threat={analysis.Threat.IsThreat} severity={analysis.Threat.Severity} "
        + $"entities=[{string.Join(',', analysis.Entities)}] targets=[{string.Join(',', analysis.AlertEntities)}] "
        + $"reasons=[{string.Join(" | ", analysis.Threat.Reasons)}]";

    [Fact]
    public void SampleWatchlist_NamesUsedByTheseCases_ArePresent()
    {
        var profiles = Matcher.Value.Watchlist.Profiles.ToDictionary(p => p.Id);

        Assert.Equal(["hea", "busd", "ccbe", "grmc", "corvane"], Matcher.Value.Watchlist.Profiles.Select(p => p.Id));
        Assert.Subset(profiles["hea"].AllNames().Select(n => n.Name).ToHashSet(),
            new HashSet<string> { "HEA", "#HarborEnforcement", "@harborenforcement", "Eastgate Processing Center", "Pier 9 field office", "Alana Voss" });
        Assert.Subset(profiles["busd"].AllNames().Select(n => n.Name).ToHashSet(),
            new HashSet<string> { "BUSD", "Brackwater High", "Linnet Elementary", "Rosa Delgado-Finch" });
        Assert.Subset(profiles["ccbe"].AllNames().Select(n => n.Name).ToHashSet(),
            new HashSet<string> { "CCBE", "Carrow County Elections Warehouse", "Tomas Okafor" });
        Assert.Subset(profiles["grmc"].AllNames().Select(n => n.Name).ToHashSet(),
            new HashSet<string> { "GRMC", "Greywell ER", "Kellerman Clinic", "Priya Halloran" });
        Assert.Subset(profiles["corvane"].AllNames().Select(n => n.Name).ToHashSet(),
            new HashSet<string> { "Corvane", "Corvane Plant 2", "Dana Whitlock" });
    }

    [Theory]
    // First-person intent; a time, a weapon or one of the entity's own sites makes it imminent.
    [InlineData("I will kill Alana Voss.", "hea", ThreatSeverity.Credible)]
    [InlineData("I'm gonna stab Rosa Delgado-Finch", "busd", ThreatSeverity.Credible)]
    [InlineData("I want to strangle Priya Halloran", "grmc", ThreatSeverity.Credible)]
    [InlineData("I'm going to shoot up the Eastgate Processing Center.", "hea", ThreatSeverity.Imminent)]
    [InlineData("I'm going to kill everyone at HEA tomorrow", "hea", ThreatSeverity.Imminent)]
    [InlineData("We're going to burn down Corvane Plant 2 on Friday", "corvane", ThreatSeverity.Imminent)]
    [InlineData("We will bomb the Carrow County Elections Warehouse on election day", "ccbe", ThreatSeverity.Imminent)]
    [InlineData("gonna shoot up BUSD tomorrow", "busd", ThreatSeverity.Imminent)]
    [InlineData("I swear I'll put a bullet in Dana Whitlock", "corvane", ThreatSeverity.Imminent)]
    [InlineData("HEA ruined my life. I'm going to kill them.", "hea", ThreatSeverity.Credible)]
    // Conditional intent.
    [InlineData("If they deny my claim one more time I'll stab Priya Halloran", "grmc", ThreatSeverity.Concerning)]
    [InlineData("If Tomas Okafor certifies this election I will kill him", "ccbe", ThreatSeverity.Concerning)]
    // Incitement and calls on others.
    [InlineData("Someone should shoot Tomas Okafor", "ccbe", ThreatSeverity.Concerning)]
    [InlineData("Somebody needs to burn down the CCBE office", "ccbe", ThreatSeverity.Concerning)]
    [InlineData("Let's burn down Corvane", "corvane", ThreatSeverity.Concerning)]
    [InlineData("People should hunt down Alana Voss", "hea", ThreatSeverity.Concerning)]
    [InlineData("Death to HEA", "hea", ThreatSeverity.Concerning)]
    // Passive calls.
    [InlineData("HEA agents should be shot", "hea", ThreatSeverity.Concerning)]
    [InlineData("Dana Whitlock deserves to be hanged", "corvane", ThreatSeverity.Concerning)]
    [InlineData("Everyone at CCBE deserves to be executed", "ccbe", ThreatSeverity.Concerning)]
    [InlineData("Tomas Okafor needs to die", "ccbe", ThreatSeverity.Concerning)]
    // Fates wished or foretold.
    [InlineData("HEA agents deserve a bullet", "hea", ThreatSeverity.Concerning)]
    [InlineData("Alana Voss is a dead woman", "hea", ThreatSeverity.Concerning)]
    // Second person.
    [InlineData("Alana Voss, you're dead", "hea", ThreatSeverity.Concerning)]
    [InlineData("I know where you live, Tomas Okafor", "ccbe", ThreatSeverity.Concerning)]
    // Bomb and shooting warnings.
    [InlineData("There's a bomb in the Pier 9 field office", "hea", ThreatSeverity.Imminent)]
    [InlineData("There will be a shooting at Brackwater High tomorrow", "busd", ThreatSeverity.Imminent)]
    [InlineData("Don't send your kids to Brackwater High on Friday, you've been warned", "busd", ThreatSeverity.Imminent)]
    // Carrying a weapon to a place.
    [InlineData("Bringing my AR to the Greywell ER tomorrow", "grmc", ThreatSeverity.Imminent)]
    [InlineData("I'm bringing a gun to Linnet Elementary", "busd", ThreatSeverity.Imminent)]
    [InlineData("I'll be waiting outside Kellerman Clinic with a loaded shotgun", "grmc", ThreatSeverity.Imminent)]
    // Evasions.
    [InlineData("I'm gonna k1ll everyone at H3A", "hea", ThreatSeverity.Credible)]
    [InlineData("I'm going to sh00t up the Pier 9 field office", "hea", ThreatSeverity.Imminent)]
    [InlineData("I will k\u200Bill Alana V\u200Boss", "hea", ThreatSeverity.Credible)]
    [InlineData("I will kill Al\u0430n\u0430 V\u043Ess", "hea", ThreatSeverity.Credible)]
    [InlineData("I will shoot every H E A agent I see", "hea", ThreatSeverity.Credible)]
    [InlineData("\uFF29 \uFF57\uFF49\uFF4C\uFF4C \uFF4B\uFF49\uFF4C\uFF4C \uFF28\uFF25\uFF21", "hea", ThreatSeverity.Credible)]
    [InlineData("i will k i l l alana voss", "hea", ThreatSeverity.Credible)]
    [InlineData("I'll kill @harborenforcement agents tomorrow", "hea", ThreatSeverity.Imminent)]
    [InlineData("Someone should firebomb #HarborEnforcement", "hea", ThreatSeverity.Concerning)]
    // Spanish.
    [InlineData("Voy a matar a Rosa Delgado-Finch", "busd", ThreatSeverity.Credible)]
    [InlineData("Voy a matar a los de HEA", "hea", ThreatSeverity.Credible)]
    [InlineData("Te voy a matar, Alana Voss", "hea", ThreatSeverity.Credible)]
    [InlineData("Vamos a quemar la oficina de HEA ma\u00F1ana", "hea", ThreatSeverity.Imminent)]
    [InlineData("Alguien deber\u00EDa matar a Alana Voss", "hea", ThreatSeverity.Concerning)]
    [InlineData("Hay que quemar la oficina de HEA", "hea", ThreatSeverity.Concerning)]
    [InlineData("Muerte a HEA", "hea", ThreatSeverity.Concerning)]
    public void Analyze_Threat_AlertsWithTargetAndSeverity(string text, string entity, ThreatSeverity severity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.True(analysis.Threat.IsThreat);
        Assert.Equal("threat", analysis.Threat.Label);
        Assert.Contains(entity, analysis.AlertEntities);
        Assert.Contains(entity, analysis.Entities);
        Assert.True(severity == analysis.Threat.Severity, Describe(analysis));
        Assert.NotEmpty(analysis.Threat.Reasons);
        Assert.InRange(analysis.Threat.Score, 0.5, 1.0);
    }

    [Theory]
    // Criticism, insults, profanity.
    [InlineData("HEA is a corrupt agency and Alana Voss should resign.", "hea")]
    [InlineData("Tomas Okafor is an incompetent clown.", "ccbe")]
    [InlineData("Fuck Corvane and fuck Dana Whitlock.", "corvane")]
    [InlineData("BUSD is a dumpster fire and Rosa Delgado-Finch is a disgrace", "busd")]
    [InlineData("Dana Whitlock should be fired", "corvane")]
    [InlineData("Priya Halloran needs to be held accountable", "grmc")]
    [InlineData("Alana Voss must go!", "hea")]
    // Calls to resign, defund, abolish, vote out, sue.
    [InlineData("Defund HEA now!", "hea")]
    [InlineData("Abolish the Harbor Enforcement Agency.", "hea")]
    [InlineData("Vote them out! CCBE's leadership has failed us.", "ccbe")]
    [InlineData("I will vote Tomas Okafor out in November", "ccbe")]
    [InlineData("Someone should sue Corvane into the ground", "corvane")]
    // Protests, boycotts, pressure campaigns.
    [InlineData("Boycott Corvane Robotics until they rehire the union workers", "corvane")]
    [InlineData("Protest at the Eastgate Processing Center Saturday at noon, bring signs and water", "hea")]
    [InlineData("We will protest at Carrow County Elections Warehouse until every vote is counted", "ccbe")]
    [InlineData("We should shut down the Eastgate Processing Center with a general strike", "hea")]
    [InlineData("Storm the phone lines! Call CCBE and demand a recount", "ccbe")]
    [InlineData("Let's flood the CCBE inboxes with complaints", "ccbe")]
    [InlineData("We need to bomb the CCBE phone lines with calls", "ccbe")]
    [InlineData("Everyone should call Alana Voss's office and demand answers", "hea")]
    // Metaphor, satire, hyperbole.
    [InlineData("This budget is killing our schools, BUSD", "busd")]
    [InlineData("GRMC is killing me with these bills", "grmc")]
    [InlineData("Corvane layoffs are murdering this town", "corvane")]
    [InlineData("The heat is killing me at the Eastgate Processing Center protest", "hea")]
    [InlineData("I'm going to kill HEA's proposal at the board meeting", "hea")]
    [InlineData("Kill the bill! Tell BUSD no on the cuts", "busd")]
    [InlineData("The new Corvane ad was a total bomb", "corvane")]
    [InlineData("I'm dying to see the new Greywell ER wing", "grmc")]
    [InlineData("Greywell ER saved my life, I'd die for those nurses", "grmc")]
    // Everyday idioms.
    [InlineData("I'm going to shoot HEA an email about my case", "hea")]
    [InlineData("Shoot me a DM if you're going to the CCBE meeting", "ccbe")]
    [InlineData("Someone should take a shot at fixing the CCBE website", "ccbe")]
    // News and reported threats.
    [InlineData("Man arrested for threatening to bomb the Greywell ER", "grmc")]
    [InlineData("Greywell ER evacuated after a bomb threat, police investigating", "grmc")]
    [InlineData("Police say the suspect wrote \"I will shoot up Brackwater High\" before he was detained", "busd")]
    [InlineData("Court records show he posted \u201CI'm going to kill Tomas Okafor\u201D last year", "ccbe")]
    [InlineData("HEA's statement says the threat against the Pier 9 field office was a hoax", "hea")]
    // Sports, exams, games.
    [InlineData("Brackwater High destroyed them 42-7 last night", "busd")]
    [InlineData("Brackwater High seniors killed it at finals", "busd")]
    [InlineData("We're gonna kill it at the BUSD robotics tournament this weekend", "busd")]
    [InlineData("We're going to slaughter Brackwater High in the homecoming game Friday", "busd")]
    [InlineData("My kid bombed the test at Linnet Elementary", "busd")]
    [InlineData("I'm going to murder the final boss tonight, then write to Corvane support", "corvane")]
    [InlineData("Playing Call of Duty tonight, gonna slaughter some noobs, then back to HEA paperwork", "hea")]
    [InlineData("Rosa Delgado-Finch, you're killing it as superintendent!", "busd")]
    // Negated.
    [InlineData("I would never kill anyone at HEA, I just want answers", "hea")]
    [InlineData("I would never hurt anyone at HEA, I just want answers", "hea")]
    [InlineData("I will never stop fighting HEA in court", "hea")]
    // Spanish criticism.
    [InlineData("Renuncie ya, Tomas Okafor", "ccbe")]
    [InlineData("Que se pudran los de HEA", "hea")]
    [InlineData("Que se pudran en la c\u00E1rcel los corruptos de CCBE", "ccbe")]
    [InlineData("Fuera HEA de nuestros barrios", "hea")]
    [InlineData("Esta pol\u00EDtica de HEA nos est\u00E1 matando", "hea")]
    public void Analyze_ProtectedSpeech_DoesNotAlert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.Contains(entity, analysis.Entities);
        Assert.False(analysis.Alert, Describe(analysis));
        Assert.Empty(analysis.AlertEntities);
    }

    [Theory]
    [InlineData("I'm going to kill my brother lol. Anyway, HEA's new office opens Monday")]
    [InlineData("I'm going to kill this spider, it is huge. HEA raided my block again")]
    [InlineData("We're going to burn down the old barn this weekend. Corvane sponsors the fair")]
    [InlineData("I will kill the spider in my kitchen before the HEA meeting")]
    [InlineData("I want to murder whoever designed the benefits form for HEA. 40 pages!")]
    public void Analyze_ThreatAimedElsewhere_DoesNotAlertButListsTheEntity(string text)
    {
        var analysis = Analyze(text);

        Assert.False(analysis.Alert, Describe(analysis));
        Assert.Empty(analysis.AlertEntities);
        Assert.Empty(analysis.Threat.Targets);
        Assert.Single(analysis.Entities);
    }

    [Fact]
    public void Analyze_ThreatAtABrotherThenEntityNews_DoesNotAlertAndListsTheEntity()
    {
        var analysis = Analyze("I'm going to kill my brother lol, anyway HEA's new office opens Monday");

        Assert.False(analysis.Alert, Describe(analysis));
        Assert.Equal(["hea"], analysis.Entities);
    }

    [Fact]
    public void Analyze_ThreatAtABrotherThenEntityNews_StillListsTheEntity()
    {
        var analysis = Analyze("I'm going to kill my brother lol, anyway HEA's new office opens Monday");

        Assert.Equal(["hea"], analysis.Entities);
    }

    [Fact]
    public void Analyze_ThreatAtOneEntityCriticismOfAnother_TargetsOnlyTheThreatened()
    {
        var analysis = Analyze("I'm going to shoot up the Greywell ER, and CCBE is corrupt");

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Equal(["grmc"], analysis.AlertEntities);
        Assert.Equal(["ccbe", "grmc"], analysis.Entities);
    }

    [Fact]
    public void Analyze_ThreatAtOneEntityInItsOwnSentence_TargetsOnlyIt()
    {
        var analysis = Analyze("CCBE is corrupt. I'm going to shoot up the Greywell ER tomorrow");

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Equal(["grmc"], analysis.AlertEntities);
        Assert.Equal(["ccbe", "grmc"], analysis.Entities);
        Assert.Equal(ThreatSeverity.Imminent, analysis.Threat.Severity);
    }

    [Fact]
    public void Analyze_ThreatWithoutAnyWatchedName_DoesNotAlert()
    {
        var analysis = Analyze("I'm going to kill him tomorrow");

        Assert.False(analysis.Alert);
        Assert.Empty(analysis.Entities);
        Assert.Empty(analysis.AlertEntities);
    }

    [Fact]
    public void Analyze_LookalikeNamesOnly_ListNoEntity()
    {
        var analysis = Analyze("I'm going to kill it at the Brackwater Highlands bakery, then heal at the Corvanex Pharmacy");

        Assert.Empty(analysis.Entities);
        Assert.False(analysis.Alert);
    }

    [Fact]
    public void Analyze_TwoEntitiesThreatened_TargetsBothInWatchlistOrder()
    {
        var analysis = Analyze("I will kill Dana Whitlock and Alana Voss");

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Equal(["hea", "corvane"], analysis.AlertEntities);
        Assert.Equal(["hea", "corvane"], analysis.Entities);
    }

    [Fact]
    public void Match_PostWithoutWatchedName_IsNull()
    {
        var analyzer = new PostAnalyzer(Matcher.Value, VaderSentimentAnalyzer.Shared);

        Assert.Null(analyzer.Match(new Post { Id = "m1", Text = "Nothing to see at the harbor today" }));
    }

    [Fact]
    public void Match_ConsecutivePosts_KeepTheirOwnNormalizedText()
    {
        var analyzer = new PostAnalyzer(Matcher.Value, VaderSentimentAnalyzer.Shared);

        var first = analyzer.Match(new Post { Id = "m1", Text = "HEA first" });
        var second = analyzer.Match(new Post { Id = "m2", Text = "Corvane second" });

        Assert.Equal("hea first", first!.Text.ToString());
        Assert.Equal("corvane second", second!.Text.ToString());
        Assert.Equal(0, Assert.Single(first.Matches).Profile);
        Assert.Equal(4, Assert.Single(second.Matches).Profile);
    }

    [Fact]
    public void Analyze_Threat_ReasonsNameTheWordsAndTheTarget()
    {
        var analysis = Analyze("I'm going to shoot up the Eastgate Processing Center tomorrow");

        Assert.Contains(analysis.Threat.Reasons, r => r.Contains("shoot up", StringComparison.Ordinal));
        Assert.Contains(analysis.Threat.Reasons, r => r.Contains("(hea)", StringComparison.Ordinal));
        Assert.Contains(analysis.Threat.Reasons, r => r.Contains("tomorrow", StringComparison.Ordinal));
        Assert.Equal("imminent", analysis.Threat.Severity!.Value.ToName());
    }

    [Theory]
    [InlineData("Kill Alana Voss", "hea")]
    [InlineData("Stab Dana Whitlock", "corvane")]
    [InlineData("I hope someone shoots Dana Whitlock", "corvane")]
    [InlineData("HEA, you're all gonna die", "hea")]
    [InlineData("Gonna bring my glock to the Pier 9 field office", "hea")]
    [InlineData("Ojal\u00E1 alguien mate a Tomas Okafor", "ccbe")]
    [InlineData("Que cuelguen a los de HEA", "hea")]
    public void Analyze_ThreatsOfImperativeSubjunctiveAndWishForms_Alert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Contains(entity, analysis.AlertEntities);
    }

    [Theory(Skip = "known miss: 'put X in the ground' with a name between has no rule; 'in the ground' alone is too common to be one")]
    [InlineData("Someone should put Alana Voss in the ground", "hea")]
    public void Analyze_EuphemismTheRulesMiss_Alerts(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Contains(entity, analysis.AlertEntities);
    }

    [Theory]
    // The object stands behind a rank or role, a possessive, a Spanish clitic, or inside the act itself.
    [InlineData("I'm going to stab the next HEA inspector who stops me", "hea")]
    [InlineData("voy a matar al director Tomas Okafor", "ccbe")]
    [InlineData("If Rosa Delgado-Finch closes Linnet Elementary I will put a bullet in her head", "busd")]
    [InlineData("deny my claim again Dana Whitlock and i'll slit your throat", "corvane")]
    [InlineData("a Priya Halloran la voy a matar, me dejo sin nada", "grmc")]
    [InlineData("si cierran Brackwater High, a Rosa Delgado-Finch le quemo el carro", "busd")]
    [InlineData("Alana Voss I will put you in the ground", "hea")]
    [InlineData("hay que ir a Corvane Plant 2 y quemarlo con los jefes adentro", "corvane")]
    [InlineData("im coming back to the Eastgate Processing Center to shoot the supervisors", "hea")]
    public void Analyze_ObjectsBehindTitlesPossessivesAndPronouns_Alert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Contains(entity, analysis.AlertEntities);
    }

    [Theory]
    // Veiled threats name no violence; bomb warnings may name only a device.
    [InlineData("Alana Voss, we know where you park. Sleep well.", "hea")]
    [InlineData("Priya Halloran has a lovely house. Be a shame if something happened to it.", "grmc")]
    [InlineData("Tomas Okafor should update his will before the canvass", "ccbe")]
    [InlineData("Tomas Okafor, ya sabemos donde vive y a que hora sale", "ccbe")]
    [InlineData("Device planted at the Pier 9 field office. You have an hour.", "hea")]
    [InlineData("dejamos un explosivo en Corvane Plant 2, a las 8 boom", "corvane")]
    [InlineData("I have a gun in my backpack and I'm walking into Brackwater High", "busd")]
    [InlineData("el viernes llego armado a la Kellerman Clinic por Priya Halloran", "grmc")]
    public void Analyze_VeiledThreatsWarningsAndArming_Alert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Contains(entity, analysis.AlertEntities);
    }

    [Theory]
    [InlineData("Enjoy your last day, Alana Voss! Happy retirement from HEA", "hea")]
    [InlineData("Tomas Okafor mato a todos de risa con su disfraz", "ccbe")]
    [InlineData("We're shooting at Brackwater High today for the yearbook", "busd")]
    [InlineData("My alarm goes off at 6 before my shift at Greywell ER", "grmc")]
    [InlineData("Say goodbye to your job, Dana Whitlock. Corvane deserves better.", "corvane")]
    [InlineData("There's a device in the Pier 9 field office lobby to charge your phone", "hea")]
    [InlineData("Whoever painted \"death to Alana Voss\" on the HEA gate: that's not our movement.", "hea")]
    public void Analyze_FarewellsDevicesAndQuotedSlogans_DoNotAlert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.Contains(entity, analysis.Entities);
        Assert.False(analysis.Alert, Describe(analysis));
    }

    [Theory]
    [InlineData("Let's hang the banners outside Linnet Elementary", "busd")]
    [InlineData("Gonna murder this burrito, then protest at the Eastgate Processing Center", "hea")]
    [InlineData("Someone should shoot the raccoon in my yard, HEA won't help", "hea")]
    public void Analyze_ProtectedSpeechTheRulesMisread_DoesNotAlert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.Contains(entity, analysis.Entities);
        Assert.False(analysis.Alert, Describe(analysis));
    }

    [Theory(Skip = "known miss: fate phrases and household means read as threats in ordinary posts ('won't survive' a scandal, 'dies first', 'a dead man walking' as a company, a 'lighter', 'gas' or 'rope' carried to a watched place)")]
    [InlineData("Alana Voss's career won't survive this scandal", "hea")]
    [InlineData("Tomas Okafor won't survive this recall election", "ccbe")]
    [InlineData("Corvane is a dead man walking as a company, stock is tanking", "corvane")]
    [InlineData("The Brackwater High mascot dies first in every horror movie parody", "busd")]
    [InlineData("Heading to the Eastgate Processing Center with a lighter and candles for the vigil", "hea")]
    [InlineData("I'll have gas money for the carpool to the CCBE protest", "ccbe")]
    [InlineData("I'm outside Kellerman Clinic with a rope line for the charity walk", "grmc")]
    public void Analyze_EverydayWordsTheRulesMisread_DoesNotAlert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.Contains(entity, analysis.Entities);
        Assert.False(analysis.Alert, Describe(analysis));
    }

    [Theory]
    // Groups of staff tied to the entity by a preposition.
    [InlineData("I'm going to shoot every ballot counter at Carrow County Elections Warehouse", "ccbe")]
    [InlineData("voy a balear a los enfermeros del Greywell ER", "grmc")]
    [InlineData("hay que quemarle los buses a Corvane en el patio", "corvane")]
    // Acts whose object stands inside them.
    [InlineData("I'll put Alana Voss in the ground", "hea")]
    [InlineData("someone needs to string Tomas Okafor up", "ccbe")]
    [InlineData("we're burning Corvane Plant 2 down", "corvane")]
    // Present tense, normative and fate phrasing.
    [InlineData("next week I take out as many HEA agents as I can", "hea")]
    [InlineData("Dana Whitlock deserves to be dragged out of her office and strung up", "corvane")]
    [InlineData("BUSD teachers deserve a slow painful death", "busd")]
    [InlineData("the only good HEA agent is a dead one", "hea")]
    [InlineData("if my son gets hurt at Brackwater High again I will shoot the first teacher I see", "busd")]
    [InlineData("I'm going to find the clerk at CCBE who lost my ballot and I'm going to hurt her bad", "ccbe")]
    public void Analyze_GroupSplitAndNormativeThreats_Alert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Contains(entity, analysis.AlertEntities);
    }

    [Theory]
    [InlineData("\"all HEA agents deserve to die\" is not activism, it's just evil. condemn it.", "hea")]
    [InlineData("telling BUSD teachers they deserve to die is harassment, not free speech", "busd")]
    [InlineData("me da asco leer \"hay que colgar a Tomas Okafor\" en los comentarios. basta", "ccbe")]
    [InlineData("en el Greywell ER hay que matar a todas las palomas que se meten, dejan todo sucio", "grmc")]
    [InlineData("Corvane will kill the weeds at Corvane Plant 2 this weekend", "corvane")]
    [InlineData("en Linnet Elementary hay una plaga de cucarachas, que las maten a todas ya", "busd")]
    [InlineData("there are rats all over the Greywell ER break room. I'm going to kill them all", "grmc")]
    public void Analyze_CounterSpeechAndThingsOfTheEntity_DoNotAlert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.Contains(entity, analysis.Entities);
        Assert.False(analysis.Alert, Describe(analysis));
    }

    [Theory]
    // A quote the post talks about, in words of its own that do not take it up.
    [InlineData("Someone in the group chat typed \"I will shoot every HEA agent\" and the whole room went quiet", "hea")]
    // Others' words: "people who say…", "dicen que…".
    [InlineData("People who say Rosa Delgado-Finch should be shot need to log off for a while", "busd")]
    [InlineData("dicen que hay que quemar la Carrow County Elections Warehouse, qué gente tan triste", "ccbe")]
    // Denied to everyone.
    [InlineData("Nobody at BUSD deserves a bullet, whatever you think of the board", "busd")]
    [InlineData("I don't say death to CCBE, I say vote them out", "ccbe")]
    [InlineData("Corvane managers should never be beaten or harmed, whatever they did to us", "corvane")]
    [InlineData("It's appalling that a councillor said BUSD teachers should be beaten.", "busd")]
    [InlineData("Suggesting that GRMC nurses should be killed is monstrous.", "grmc")]
    [InlineData("The CCBE clerk who said he would kill us all was arrested this morning", "ccbe")]
    [InlineData("No Corvane manager deserves a beating, whatever they did", "corvane")]
    [InlineData("Dana Whitlock is gonna get crucified in the press for that hot mic comment", "corvane")]
    [InlineData("one more week of Corvane's new app and I'm going to burn the whole building down (figuratively)", "corvane")]
    [InlineData("Repudio a los posteos que piden quemar la Carrow County Elections Warehouse. Eso es un peligro para todos.", "ccbe")]
    [InlineData("Gonna beat this flu into the ground so I can make it to the Brackwater High game", "busd")]
    [InlineData("Shooting HEA agents is never the answer.", "hea")]
    [InlineData("Killing BUSD teachers is not the right thing to do, whatever the board did.", "busd")]
    [InlineData("Firing every HEA agent who lied is the right policy", "hea")]
    [InlineData("Corvane laid me off, so I'm going to burn down my own office chair in the yard", "corvane")]
    public void Analyze_ThreatsTheSpeakerDoesNotMake_DoNotAlert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.Contains(entity, analysis.Entities);
        Assert.False(analysis.Alert, Describe(analysis));
    }

    [Theory]
    // Taken up, or said in the speaker's own voice, a quote or "telling" is a threat again.
    [InlineData("\"I will shoot every HEA agent\" exactly, and I mean every one of them", "hea")]
    [InlineData("I'm telling you all: I will kill Alana Voss", "hea")]
    // People in or with the object the act names.
    [InlineData("We're going to burn down a church full of BUSD teachers", "busd")]
    [InlineData("if BUSD opens on Sunday I'm burning the gym down with them in it", "busd")]
    [InlineData("Let's go hunt HEA agents downtown tonight", "hea")]
    // The object named before "to" and the act, after a number, or as "the next one".
    [InlineData("Let's go find Alana Voss to beat up on Main St this weekend", "hea")]
    [InlineData("I'm going to stab the two HEA agents at the front desk", "hea")]
    [InlineData("If CCBE clerks keep lying to us, I'll shoot the next one", "ccbe")]
    // A house of worship next to the watched name.
    [InlineData("Bomb the chapel on Sunday. Dana Whitlock preaches there.", "corvane")]
    public void Analyze_ThreatsInOthersWordsTakenUpOrInThePlaceOfTheTarget_Alert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Contains(entity, analysis.AlertEntities);
    }

    [Theory]
    // The speaker's own "I said", and a clause about the object, are no report.
    [InlineData("every HEA agent deserves to be stabbed, I said what I said", "hea")]
    [InlineData("im coming back to Corvane Plant 2 to shoot the supervisors who wrote me up. all of them.", "corvane")]
    // Violence said as deserved, needed or a fate.
    [InlineData("BUSD teachers should be whipped until they bleed", "busd")]
    [InlineData("any GRMC nurse who touches my mom again gets their skull cracked open", "grmc")]
    [InlineData("Corvane managers need a good beating to remember their place", "corvane")]
    [InlineData("The day CCBE certifies this is the day I start killing.", "ccbe")]
    [InlineData("si vuelvo a ver a Tomas Okafor en la calle le parto el cráneo", "ccbe")]
    // Titles with a dot or of two words before the name; a part of the organization named before it.
    [InlineData("I'm going to kill Dr. Priya Halloran for letting my father die", "grmc")]
    [InlineData("I'm going to strangle Board Chair Tomas Okafor at the next meeting", "ccbe")]
    [InlineData("If GRMC sends my mom to collections again I'll come in and shoot up the billing department.", "grmc")]
    [InlineData("If BUSD closes Linnet Elementary, I will shoot every board member who voted yes.", "busd")]
    [InlineData("I will kill whoever works at Greywell ER", "grmc")]
    // Violence called right, deserved or a start; bounties and volunteers; a crowd of the watched.
    [InlineData("Shooting HEA agents at the border is the right policy.", "hea")]
    [InlineData("Beheading is too kind for Corvane managers, but it's a start.", "corvane")]
    [InlineData("Quemar la Carrow County Elections Warehouse es lo que se merecen", "ccbe")]
    [InlineData("Corvane managers should be fed to the lions", "corvane")]
    [InlineData("Looking for volunteers to kill Alana Voss. Serious inquiries only.", "hea")]
    [InlineData("Pago mil pesos a quien le rompa la cara a Tomas Okafor y lo grabe", "ccbe")]
    [InlineData("i'll run my truck through the crowd of HEA agents at shift change", "hea")]
    [InlineData("killing Alana Voss tomorrow. decided.", "hea")]
    [InlineData("Bounty: $3,000 to whoever beats Tomas Okafor bloody. Pics or it didn't happen.", "ccbe")]
    public void Analyze_OwnWordsAndDeservedViolence_Alert(string text, string entity)
    {
        var analysis = Analyze(text);

        Assert.True(analysis.Alert, Describe(analysis));
        Assert.Contains(entity, analysis.AlertEntities);
    }
}
