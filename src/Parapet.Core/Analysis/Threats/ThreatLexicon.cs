namespace Parapet.Analysis.Threats;

/// <summary>
/// The words the rule detector reads, English and Spanish. Every entry goes through the same normalizer as the
/// posts, so "I'll" is written as it is typed and meets "i ll", "I’ll" and "1'll" alike.
/// </summary>
internal static class ThreatLexicon
{
    /// <summary>Acts of violence against a person or a place, as verbs the speaker can intend.</summary>
    public static readonly PhraseSet Acts = new(
        "kill", "kil", "murder", "shoot", "shoot up", "gun down", "open fire", "opening fire", "open fire on", "stab",
        "slaughter", "massacre", "execute",
        "behead", "decapitate", "hang", "lynch", "strangle", "choke out", "bomb", "blow their heads off", "blow his head off", "blow her head off",
        "blow your head off", "blow their brains out", "blow his brains out", "blow her brains out", "blow your brains out",
        "putting a bullet in", "putting bullets in", "shooting up", "burning down", "blowing up", "bombing", "stabbing",
        "killing", "murdering", "gunning down", "slitting", "executing", "put down", "drive my car into",
        "driving my car into", "drive a truck into", "run them over", "come in there shooting", "come in shooting",
        "make him pay in blood", "make her pay in blood", "make them pay in blood", "end her", "end him",
        "light up", "set on fire", "light on fire", "blow up", "firebomb", "burn down",
        "torch", "set fire to", "set on fire", "put a bullet in", "put bullets in", "put a bullet through",
        "put a round in", "run over", "mow down", "slit", "cut the throat of",
        "beat to death", "beat the shit out of", "bash in", "ambush", "snipe", "open fire on",
        "unload on", "shank", "kidnap", "rape", "poison", "assassinate",
        "exterminate", "hunt down",
        "matar", "matare", "mataremos", "matarlos", "matarlas", "matarlo", "matarla", "matarte", "matarle",
        "matarles", "mato", "asesinar", "asesinare", "disparar", "dispararle", "dispararles", "disparare",
        "balear", "balacear", "acribillar", "quemar", "quemare", "quemarlo", "quemarla", "quemarlos", "incendiar",
        "volar", "volarlo", "volarla", "volarlos", "hacer volar", "reventar", "reventarlos", "apunalar",
        "apunalarlo", "acuchillar", "degollar", "ahorcar", "colgar", "linchar", "ejecutar", "secuestrar",
        "meter un tiro", "meterle un tiro", "meterles un tiro", "meter plomo", "meterle plomo", "meterles plomo",
        "llenar de plomo", "dar un tiro", "pegar un tiro", "pegarle un tiro", "darle un tiro", "poner una bomba",
        "plantar una bomba", "golpear", "romper la cara", "partir la cara", "exterminar", "masacrar", "envenenar",
        "put you in the ground", "put him in the ground", "put her in the ground", "put them in the ground",
        "put you six feet under", "put him six feet under", "put her six feet under", "put them six feet under",
        "break her neck", "break his neck", "break your neck", "break their necks", "snap her neck", "snap his neck",
        "break both your legs", "break both his legs", "break both her legs", "break both their legs",
        "snap your neck", "push her in front of", "push him in front of", "push them in front of", "dinamitar",
        "balearlo", "balearla", "balearlos", "colgarlo", "colgarla", "colgarlos", "ahorcarlo", "ahorcarla",
        "quemarlas", "quemarles", "quemarle", "reventarlo", "reventarla", "apunalarla", "acuchillarlo", "acuchillarla",
        "romperle el cuello", "romperle la cara", "partirle la cara", "volarle la cabeza", "volarles la cabeza", "unalive", "unalived", "desvivir", "string up", "stringing up", "hang from", "run my truck through", "drive my truck into",
        "drive my truck through", "drive my car through", "ram my car into", "ram my truck into", "plow into", "take out as many",
        "take out every", "take out all", "take out everyone", "wipe out", "wipe out every", "slit the throat of", "slit the throats of",
        "burn", "burning", "torching", "gut", "cut down", "shoot at", "open fire at", "fire on", "stab every",
        "acabar a tiros con", "acabar con todos", "rociar de balas", "prender fuego a", "prenderle fuego a", "quemar vivos",
        "quemarlos vivos", "desaparecer a", "partirle la cabeza", "romperle la cabeza", "volarle los sesos", "balacear a", "murk", "beat up", "beat down", "beat the hell out of", "beat the crap out of", "punch", "hurt", "attack", "torture",
        "maim", "cripple", "dismember", "break his legs", "break her legs", "break your legs", "break their legs",
        "bash his head in", "bash her head in", "bash your head in", "bash their heads in", "cut his throat", "cut her throat",
        "cut your throat", "cut their throats", "pop a cap in", "empty a clip into", "empty my clip into", "pull the trigger on",
        "spray bullets at", "shoot everyone", "massacre", "slaughter",
        "dar un balazo", "darle un balazo", "darles un balazo", "meter un balazo", "meterle un balazo", "meterles un balazo",
        "pegar un balazo", "pegarle un balazo", "echar bala", "echarle bala", "partir la madre", "partirle la madre",
        "romperle la madre", "lastimar", "herir", "torturar", "violar", "atropellar", "ahogar", "estrangular", "asfixiar",
        "machetear", "fusilar", "descuartizar", "rafaguear", "madrear", "cargarme a", "cargarnos a", "liquidar",
        "matarl*", "matart*", "matarle*", "asesinarl*", "dispararl*", "dispararle*", "estrangularl*", "acuchillarl*",
        "apunalarl*", "degollarl*", "ahorcarl*", "balearl*", "balacearl*", "quemarl*", "incendiarl*", "atropellarl*",
        "envenenarl*", "torturarl*", "lincharl*", "secuestrarl*", "machetearl*", "lastimarl*", "golpearl*", "ahogarl*",
        "fusilarl*", "madrearl*", "rajarl*", "tronarl*", "quebrarl*", "colgarl*", "reventarl*", "hunt", "drown", "smother",
        "stomp", "stomp on", "punching", "stabbing", "beating", "drowning", "kick the crap out of", "kick the shit out of",
        "run off the road", "running off the road", "push into traffic", "sink", "sacrificar", "sacrificarl*",
        "hundir", "golpear a", "partirle el craneo", "partirles el craneo");

    /// <summary>Spanish acts whose verb form already says "I" ("la mato", "le disparo"): intent without a helper verb.</summary>
    public static readonly PhraseSet FirstPersonActs = new(
        "la mato", "lo mato", "te mato", "les mato", "le disparo", "les disparo", "le quemo", "les quemo", "lo quemo", "la quemo", "acuchillo", "lo acuchillo",
        "la acuchillo", "apunalo", "lo apunalo", "balaceo", "le vuelo la cabeza",
        "les vuelo la cabeza", "meto un tiro", "le meto un tiro", "les meto un tiro", "le meto plomo",
        "ahorco", "lo ahorco", "la ahorco", "degollo", "lo degollo", "la degollo", "mataremos", "quemaremos",
        "les volamos", "le volamos la cabeza", "les volamos la cabeza", "mato a", "mato al", "matare a", "matare al",
        "les quemamos", "le quemamos", "lo quemamos", "la quemamos", "quemamos", "le entierro un cuchillo",
        "le meto un cuchillo", "le clavo un cuchillo", "le encajo un cuchillo", "entierro un cuchillo",
        "le parto la cara", "le rompo la cara", "le rompo el cuello", "lo reviento", "la reviento", "los reviento",
        "lo baleo", "la baleo", "los baleo", "lo matamos", "la matamos", "los matamos", "les disparamos",
        "le disparamos", "disparare", "quemare", "balaceare", "ahorcare", "apunalare", "acuchillare", "asesinare", "reventare",
        "colgare", "le disparare", "les disparare", "los matare", "la matare", "lo matare", "te matare", "los quemare",
        "lo quemare", "te disparare", "lo mataremos", "los mataremos", "les parto la cara", "les parto el craneo",
        "le parto el craneo", "le rompo el craneo", "les rompo la cara", "le reviento la cabeza", "les reviento la cabeza",
        "le parto la madre", "les parto la madre", "le rompo la madre");

    /// <summary>Threats said as a fate rather than an act: aimed at whoever the post names.</summary>
    public static readonly PhraseSet Ominous = new(
        "deserves a bullet", "deserve a bullet", "needs a bullet", "need a bullet", "gets a bullet", "is a dead man",
        "deserves a fist", "deserve a fist", "deserves a beating", "deserve a beating", "deserves a good beating",
        "deserve a good beating", "need a good beating", "needs a good beating", "gets their skull cracked",
        "get their skull cracked", "get their skulls cracked", "merecen una paliza", "merece una paliza",
        "is a dead woman", "not leave alive", "won t leave alive", "won t make it out alive", "won t walk out", "no sale vivo",
        "no sale viva", "no salen vivos", "gonna get shot up", "going to get shot up", "get shot up",
        "gonna eat a bullet", "eat a bullet", "going to bleed", "gonna bleed", "will bleed", "va a volar todo", "va a volar", "vas a sangrar", "van a sangrar",
        "lo van a pagar con sangre", "pay in blood", "pagar con sangre", "bullet between the eyes",
        "bala entre los ojos", "un tiro en la cabeza", "catch a bullet", "catch a bullet", "catch bullets",
        "catch a round", "catch lead", "out permanently", "in front of a train", "in front of a bus", "in front of her own",
        "in front of his own", "and you die", "or you die", "and you re dead", "or you re dead", "or else you die",
        "y te mueres", "o te mueres", "te mueres", "se muere", "deserve a slow death", "deserves a slow death", "deserve a slow painful death", "deserves a slow painful death",
        "deserve a painful death", "deserves a painful death", "deserve death", "deserves death", "deserve to die",
        "deserves to die", "is a dead one", "are dead ones", "merece morir", "merecen morir", "merece la muerte",
        "merecen la muerte", "merecen una muerte", "merece una muerte", "traiga muerto", "traiga muerta", "traigan muerto",
        "traigan muerta", "traiga muertos", "bring me the head of", "bring me his head", "bring me her head", "bounty on",
        "won t live to see", "will not live to see", "no va a vivir para", "le quedan pocos dias", "les quedan pocos dias",
        "gets a bullet", "get a bullet", "getting a bullet", "se lleva un balazo", "le toca un balazo", "pay with their lives", "pay with his life", "pay with her life", "pay with your life", "pay with your lives",
        "pagar con su vida", "pagar con sus vidas", "pagaran con su vida", "pagaran con sus vidas");

    /// <summary>
    /// Veiled threats: knowing a person's home, car, routine or children, or hinting at their end, with no word of
    /// violence. Aimed at whoever the post names. Each phrase is specific enough that a farewell, a retirement
    /// or a complaint does not say it.
    /// </summary>
    public static readonly PhraseSet Veiled = new(
        "we know where you", "i know where you", "we know where he", "we know where she", "we know where they",
        "i know where he", "i know where she", "i know where they", "we know where the", "i know where the",
        "we know which", "i know which", "we know what time", "i know what time", "we know when", "we know your car",
        "we know your cars", "we know your house", "we know your address", "we know your kids", "we know you have",
        "be a shame if", "be a real shame if", "be a pity if", "would be a pity", "would be a shame", "shame if something",
        "if something happened to", "something might happen to", "accidents happen", "accidents can happen",
        "enjoy your last christmas", "enjoy your last breath", "last christmas", "won t get another", "won t see christmas",
        "won t make it to christmas", "won t make it home", "won t get home", "won t make it to", "not make it home",
        "won t be around", "keep breathing", "how long you keep", "days are numbered", "update their wills",
        "update your will", "update his will", "update her will", "update their will", "write your will",
        "last will ready", "get your affairs in order", "get their affairs in order", "make peace with your god",
        "say goodbye to his kids", "say goodbye to her kids", "say goodbye to your kids", "say goodbye to your family",
        "say goodbye to their families", "say goodbye to his family", "say goodbye to her family", "say goodbye to their kids",
        "kiss your kids goodbye", "kiss your family goodbye", "hug your kids tight", "watch your backs", "watch his back",
        "watch her back", "watch their backs", "start checking under", "check under your car", "checking under his car",
        "checking under her car", "look under your car", "we ll be seeing", "we re watching you", "we are watching you",
        "i ve been watching", "we ve been watching", "been watching your", "been watching her", "been watching him",
        "buy life insurance", "get life insurance", "need life insurance", "have life insurance", "won t get off",
        "won t walk out", "we ll be waiting", "we will be waiting", "won t be so lucky",
        "sabemos donde", "ya sabemos donde", "se donde", "ya se donde", "sabemos a que hora", "se a que hora",
        "ya sabemos a que", "sabemos en que", "sabemos que su", "sabemos que tu", "conocemos tu casa", "conocemos su casa",
        "ya tenemos su", "le tenemos su", "les tenemos su", "te tenemos ubicad*", "los tenemos ubicados",
        "las tenemos ubicadas", "lo tenemos ubicado", "la tenemos ubicada", "ya los tenemos", "ya te tenemos",
        "tenemos su domicilio", "tenemos su horario", "tenemos tu direccion", "tenemos su direccion",
        "seria una lastima", "seria una pena", "disfruta tu ultima", "disfrute su ultima", "disfrute sus ultimos",
        "disfruta tus ultimos", "sus ultimos dias", "tus ultimos dias", "ultima navidad", "ya no vas a estar",
        "no va a regresar", "no vas a regresar", "no vas a llegar", "no va a llegar", "no van a llegar", "que se vaya despidiendo",
        "que se vayan despidiendo", "vete despidiendo", "ve despidiendote", "despidete de tu familia", "despidase de su familia",
        "seguro de vida", "caminen con cuidado", "camina con cuidado", "las estamos esperando", "los estamos esperando",
        "te estamos esperando", "lo estamos esperando", "la estamos esperando", "te estamos vigilando", "los estamos vigilando",
        "lo estamos vigilando", "la estamos vigilando", "ya vas a ver lo que te pasa", "ya vas a ver que te pasa",
        "ya veras lo que te pasa", "piense en sus hijos", "piensa en tus hijos", "piense en ellos antes", "not going to make it to", "isn t going to make it to", "is not going to make it", "not gonna make it to",
        "isn t gonna make it", "won t live to", "it s the last one", "your last weekend", "his last weekend", "her last weekend",
        "drops her daughter", "drops his daughter", "drops her son", "drops his son", "drops her kids", "drops his kids",
        "drops off her", "drops off his", "picks up her kids", "picks up his kids", "your kids go to", "her kids go to",
        "his kids go to", "en que escuela estudian", "a que escuela van", "vayan rezando", "vaya rezando", "ve rezando",
        "les queda poco", "le queda poco", "te queda poco", "nos vemos pronto", "ya les tomamos foto", "sabemos su horario",
        "sabemos sus horarios", "conocemos su rutina", "we know your routine", "we know his routine", "we know her routine",
        "i know your routine", "through the side door", "checking under their cars", "check under their cars");

    /// <summary>Third-person forms, read only after a call or a wish: "I hope someone shoots…", "ojalá alguien mate…".</summary>
    public static readonly PhraseSet ThirdPersonActs = new(
        "kills", "shoots", "shoots up", "stabs", "bombs", "blows up", "burns down", "murders", "hangs", "lynches",
        "strangles", "torches", "guns down", "runs over", "slits", "poisons", "executes", "beheads", "beats up",
        "le rompa la cara", "rompa la cara", "le rompa las piernas", "rompa las piernas", "le parta la cara", "parta la cara",
        "mate", "maten", "dispare", "disparen", "queme", "quemen", "balacee", "balaceen", "cuelgue", "cuelguen",
        "ahorque", "ahorquen", "linche", "linchen", "apunale", "apunalen", "acuchille", "acuchillen", "reviente",
        "revienten", "vuele", "vuelen", "asesine", "asesinen", "degolle", "degollen", "ejecute", "ejecuten",
        "le meta un tiro", "les meta un tiro", "le pegue un tiro", "lo mate", "la mate", "los maten", "lo maten",
        "la maten", "las maten", "lo cuelguen", "los cuelguen", "la cuelguen", "lo quemen", "los quemen", "le meta un balazo", "les meta un balazo", "le pegue un balazo", "le de un balazo", "lo balee", "la balee", "stabs up",
        "strings up", "puts a bullet in", "beats to death", "slaughters", "massacres", "unalives", "drowns", "gasses");

    /// <summary>Spanish plural imperatives, a call to others in the verb itself: "mátenlo", "quemen la oficina".</summary>
    public static readonly PhraseSet CallActs = new(
        "maten", "matenlo", "matenla", "matenlos", "matenlas", "quemen", "quemenlo", "quemenla", "quemenlos",
        "disparen", "disparenle", "disparenles", "balaceen", "balaceenlos", "cuelguen", "cuelguenlo", "cuelguenla",
        "cuelguenlos", "ahorquen", "ahorquenlos", "linchen", "linchenlos", "revienten", "reventenlos",
        "apunalen", "acuchillen", "degollen", "ejecuten", "ejecutenlos", "vuelen", "incendien", "denle un tiro", "denle un balazo", "denles un balazo", "metanle un balazo",
        "metanles un balazo", "peguenle un tiro", "peguenle un balazo",
        "metanle un tiro", "metanles plomo", "que lo maten", "que la maten", "que los maten", "que las maten",
        "que lo cuelguen", "que los cuelguen", "que la cuelguen", "que cuelguen", "que maten", "que quemen",
        "que lo quemen", "que los quemen", "golpeen", "golpeenlos", "hundan", "atropellen", "apedreen", "ahoguen");

    /// <summary>Phrasal verbs that start like an act and are none: "hang out", "shoot for", "blow off".</summary>
    public static readonly PhraseSet NotActs = new(
        "hang out", "hang around", "hang in", "hang on", "hang up", "hang with", "hang tight", "hang the banner",
        "hang the banners", "hang the sign", "hang the signs", "hang posters", "hang flyers", "execute on",
        "execute the plan", "shoot for", "shoot through", "shoot over", "shoot back", "blow off", "blow out",
        "blow it", "kill time", "kill it", "kill the lights", "kill the vibe", "burn out", "burned out", "pop up",
        "quemen calorias", "maten el tiempo", "hunt for", "sink in", "sink into");

    /// <summary>Acts written as done to someone: "should be shot", "deberían ser ahorcados".</summary>
    public static readonly PhraseSet PassiveActs = new(
        "killed", "shot", "murdered", "hanged", "hung", "lynched", "executed", "stabbed", "slaughtered",
        "massacred", "beheaded", "bombed", "burned", "burnt", "burned down", "blown up", "gunned down", "shot dead",
        "exterminated", "put down", "strung up", "dead", "die", "slit", "gutted", "throat slit",
        "asesinados", "asesinadas", "asesinado", "matados", "muertos", "muertas", "muerto", "fusilados",
        "ahorcados", "colgados", "quemados", "quemado", "eliminados", "exterminados", "morir", "mueran", "muera", "strung", "lined up and shot", "shot dead", "run over", "beaten to death", "burned alive", "burnt alive", "blown away",
        "fusilado", "fusiladas", "ahorcado", "ahorcada", "colgado", "colgada", "baleados", "baleado", "quemados vivos",
        "linchados", "linchado", "degollados", "beaten", "drowned", "gassed", "thrown off", "wiped off", "wiped out",
        "smothered", "unalived", "sacrificados", "sacrificadas", "ahogados", "golpeados", "gaseados", "eliminadas",
        "whipped", "flogged", "stoned", "stoned to death", "crucified", "tortured", "euthanized", "euthanised", "torched",
        "set on fire", "set alight", "mowed down", "sunk", "fed to the lions", "fed to lions", "put in an oven", "put in ovens",
        "put in the ovens", "have their throats cut", "have their throats slit", "azotados", "apedreados", "crucificados",
        "torturados",
        "apunalados", "acuchillados", "degolladas", "linchadas", "ahorcadas", "quemadas", "golpeadas");

    /// <summary>The speaker says they will act.</summary>
    public static readonly PhraseSet FirstPersonIntent = new(
        "i will", "i ll", "ill", "i shall", "i m going to", "im going to", "i am going to", "i m gonna", "im gonna",
        "i am gonna", "imma", "ima", "i m a", "i mma", "i want to", "i wanna", "i plan to", "i m planning to",
        "im planning to", "i intend to", "i m about to", "im about to", "i am about to", "i m finna", "im finna",
        "i m coming to", "im coming to", "i m gonna go", "i swear i ll", "i swear i will", "i m ready to",
        "im ready to", "i would love to", "i d love to", "i can t wait to", "i cant wait to", "i need to",
        "we will", "we ll", "we re going to", "were going to", "we are going to", "we re gonna", "were gonna",
        "we are gonna", "we plan to", "we want to", "we re coming to", "my plan is to", "i m bringing", "im bringing",
        "i ll be at", "i ll be in", "i ll be outside", "i m at", "im at", "i m outside", "im outside", "heading to",
        "on my way to", "we roll up to", "i m heading", "voy al", "voy a la", "me meto a", "estare", "i ll have",
        "i m taking", "im taking", "i m coming back to", "im coming back to", "coming back to", "i ve decided to", "i have decided to", "i m", "im", "i am", "we re", "we are", "i ma", "i d", "we gonna", "we finna", "we bout to", "i m bout to", "im bout to",
        "bout to", "i m gunna", "i will personally", "te juro que voy a", "les juro que",
        "voy a", "vamos a", "te voy a", "lo voy a", "la voy a", "los voy a", "las voy a", "le voy a",
        "les voy a", "les vamos a", "los vamos a", "te vamos a", "pienso", "quiero", "queremos", "voy a ir a",
        "juro que voy a", "juro que", "me voy a", "iremos a", "ire a", "i start", "we start", "i ll start", "i will start");

    /// <summary>Calls on others to act.</summary>
    public static readonly PhraseSet Incitement = new(
        "someone should", "somebody should", "someone needs to", "somebody needs to", "someone has to",
        "somebody has to", "someone gotta", "somebody gotta", "someone go", "somebody go", "someone please",
        "we should", "we need to", "we have to", "we gotta", "y all should", "yall should", "you all should",
        "let s", "lets", "let us", "everyone should", "everybody should", "people should", "time to", "go",
        "who wants to", "who s gonna", "i hope someone", "i hope somebody", "hope someone", "hope somebody",
        "alguien deberia", "alguien tiene que", "hay que", "vamos", "que alguien", "todos a", "deberiamos",
        "tenemos que", "ojala alguien", "ojala que alguien", "i hope", "hope", "i wish someone", "i wish somebody",
        "wish someone", "if only someone", "if only somebody", "pray someone", "pray somebody", "ojala",
        "do us all a favor and", "do us a favor and", "do the world a favor and", "somebody", "someone", "alguien", "who s coming with me", "whos coming with me", "who s with me", "who is with me", "who s in", "quien se apunta",
        "quien me acompana", "vamonos", "vamonos a", "agarren sus armas", "grab your guns", "grab your rifles", "load up and",
        "time to go", "it s time to", "i ll pay", "i will pay", "pago a quien", "pago bien a quien", "le pago a quien",
        "anyone who", "whoever", "a quien", "looking for volunteers to", "volunteers to", "need volunteers to",
        "para el que", "al que", "recompensa para", "recompensa al que", "they should", "they need to", "they ought to", "deberian", "habria que", "someone oughta", "somebody oughta", "someone better", "somebody better", "y all need to", "yall need to", "we must",
        "vamos por", "hay que ir", "ojala que", "que alguien le", "alguien que");

    /// <summary>Turns a passive act into a call for it: "X should be shot".</summary>
    public static readonly PhraseSet PassiveCall = new(
        "should be", "should all be", "should get", "should all get", "need to be", "needs to be", "must be",
        "deserve to be", "deserves to be", "ought to be", "should", "must", "need to", "needs to", "deserve to",
        "deserves to", "gotta be", "have to be", "has to be", "should just be", "will be", "are gonna be",
        "is gonna", "are gonna", "is going to", "are going to", "gonna get", "is gonna get", "are gonna get",
        "will get", "ll get", "get", "gets", "getting",
        "deberian ser", "deberia ser", "merecen ser", "merecen", "tienen que ser", "tienen que", "deben ser",
        "deben", "que", "hay que");

    /// <summary>Second-person threats that need no verb of violence to be one.</summary>
    public static readonly PhraseSet SecondPerson = new(
        "you re dead", "youre dead", "you are dead", "ur dead", "you re next", "youre next", "you are next",
        "you will die", "you ll die", "you re all gonna die", "youre all gonna die", "you re all going to die",
        "you will all die", "you all will die", "you all gonna die", "y all gonna die", "yall gonna die",
        "you re all dead", "you are all dead", "van a morir todos", "se van a morir todos", "todos van a morir", "you re going to die", "you re gonna die", "youre gonna die", "you gonna die",
        "watch your back", "watch ur back", "your days are numbered", "ur days are numbered", "i know where you live",
        "we know where you live", "i know where you work", "we know where you work", "i ll find you",
        "ill find you", "we ll find you", "i will find you", "we will find you", "you won t see it coming",
        "you won t make it home", "dead man walking", "dead woman walking", "you ll pay with your life",
        "your family isn t safe", "your family is not safe", "your kids aren t safe", "sleep with one eye open",
        "estas muerto", "estas muerta", "eres hombre muerto", "eres mujer muerta", "te vamos a encontrar",
        "te voy a encontrar", "se donde vives", "sabemos donde vives", "se donde trabajas", "cuidate la espalda",
        "tus dias estan contados", "vas a morir", "van a morir", "vas a pagar con tu vida", "ya eres historia");

    /// <summary>Warnings that a bombing or a shooting is coming.</summary>
    public static readonly PhraseSet Warnings = new(
        "there is a bomb", "there s a bomb", "theres a bomb", "there will be a bomb", "planted a bomb",
        "placed a bomb", "left a bomb", "bomb in the", "bomb at the", "bomb inside", "bombs in the", "bomb at", "bomb in", "bomb under",
        "bombs at", "bomb planted",
        "pipe bomb", "pipe bombs", "there will be a shooting", "there s gonna be a shooting", "stay away from",
        "don t go to", "dont go to", "don t come to", "dont come to", "don t send your kids",
        "dont send your kids", "keep your kids home", "hay una bomba", "pusimos una bomba", "puse una bomba",
        "habra un tiroteo", "no vayan a", "no lleven a sus hijos", "no manden a sus hijos", "device planted", "planted a device", "left a device", "there s a device",
        "theres a device", "there is a device", "explosive in", "explosives in", "planted explosives", "school shooting at",
        "gonna be a school shooting", "going to be a school shooting", "going to be a shooting", "gonna be a shooting",
        "you have an hour", "you have one hour", "evacuate", "hay un explosivo", "dejamos un explosivo",
        "dejamos una bomba", "pusimos un explosivo", "pusimos dinamita", "pusimos explosivos", "dinamita en",
        "explosivo en", "explosivos en", "va a haber un tiroteo", "va a haber balacera", "va a haber una balacera", "device under", "it goes off",
        "goes off at", "goes off between", "will go off", "set to go off", "going to go off", "gonna go off", "va a explotar",
        "van a explotar", "va a estallar", "explota cuando", "explota a las", "you have 20 minutes", "you have 30 minutes",
        "you have 10 minutes", "you have 15 minutes", "tienen una hora", "tienen 20 minutos", "tienen 30 minutos", "dinamita para", "explosivos para", "bomba para", "left a package", "left a bag", "left a backpack", "left something", "dropped off a package", "deje un paquete",
        "dejamos un paquete", "deje una mochila", "is going to explode", "is gonna explode", "will explode", "going to blow up",
        "gonna blow up", "va a volar en pedazos", "van a volar en pedazos", "tienen media hora", "you have half an hour");

    /// <summary>Words that make a warning ominous rather than advice.</summary>
    public static readonly PhraseSet WarningEcho = new(
        "bomb", "bombs", "explosive", "explosives", "shooting", "shooter", "gun", "guns", "rifle", "blood",
        "bloodbath", "you ve been warned", "you have been warned", "last warning", "something big", "boom",
        "bomba", "bombas", "tiroteo", "sangre", "advertidos", "advertencia", "device", "package", "explosivo",
        "explosivos", "dinamita", "detonator", "detonador", "planted", "you have an hour", "you have one hour", "minutes",
        "goes off", "go off", "evacuate", "minutos", "una hora", "get everyone out", "get everybody out", "saquen a todos", "was warned", "were warned", "been warned", "half an hour",
        "media hora", "package", "paquete");

    public static readonly PhraseSet Time = new(
        "tomorrow", "tmrw", "tmr", "tonight", "today", "this morning", "this afternoon", "this evening",
        "this week", "this weekend", "next week", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "at noon", "midnight", "at dawn", "in an hour", "in one hour", "first thing",
        "on election day", "election day", "at the meeting", "at the board meeting", "at graduation",
        "manana", "esta noche", "hoy", "el lunes", "el martes", "el miercoles", "el jueves", "el viernes",
        "el sabado", "el domingo", "a las", "al amanecer", "la proxima semana", "este fin de semana");

    public static readonly PhraseSet Weapons = new(
        "gun", "guns", "rifle", "rifles", "ar15", "ar 15", "ak", "ak47", "ak 47", "glock", "pistol", "shotgun",
        "ammo", "rounds", "bullets", "bullet", "knife", "knives", "machete", "bomb", "bombs", "pipe bomb",
        "explosives", "explosive", "dynamite", "molotov", "molotovs", "gasoline", "gas can", "lighter fluid",
        "nail bomb", "grenade", "gallon of gas", "pistola cargada", "my 9", "9mm", "the ar", "my ar", "ar", "shotgun", "loaded shotgun",
        "pistola", "pistolas", "arma", "armas", "cuchillo", "navaja", "machete", "bomba", "bombas",
        "explosivos", "gasolina", "molotov", "escopeta", "fusil", "balas", "cuerno de chivo", "the 45", "my 45", "a 45",
        "the 38", "my 38", "la 38", "la 45", "la 9", "loaded 9mm", "scope", "a scope", "my scope", "fierros",
        "los fierros", "cuerno", "cuernos", "r15", "ar 15", "chopper", "choppa", "blade", "a blade", "rope",
        "dinamita", "armado", "armada", "armados", "armadas", "weapons", "weapon", "firearms", "armas de fuego");

    /// <summary>Carrying a weapon somewhere: "bringing a gun to…", "I'll be waiting outside … with a shotgun".</summary>
    public static readonly PhraseSet Carry = new(
        "bring", "bringing", "brought", "carry", "carrying", "pack", "packing", "load", "loading", "loaded",
        "have", "got", "with", "armed with", "show up with", "coming with", "come with", "llevar", "llevo", "con mi",
        "llevare", "traer", "traigo", "con", "armado con", "cargando", "llego", "llegamos", "voy llegando", "caemos",
        "entro", "entramos");

    /// <summary>
    /// Word stems of violence, harm and weapons. A model-only verdict without any of them needs much more
    /// confidence: implied threats exist ("you won't make it home"), but most posts without a word of violence
    /// that a small model leans on are questions and complaints.
    /// </summary>
    public static readonly PhraseSet ViolenceStems = new(
        "kill*", "kil*", "murd*", "shoot*", "shot*", "stab*", "bomb*", "burn*", "blow*", "blew", "hang*", "hung",
        "lynch*", "die", "dies", "dying", "dead*", "death*", "blood*", "bullet*", "gun*", "knif*", "rifle*", "ammo",
        "explo*", "fire*", "torch*", "slaught*", "massac*", "execut*", "behead*", "strang*", "chok*", "slit*",
        "throat*", "poison*", "drown*", "tortur*", "suffer*", "hurt*", "harm*", "beat*", "bash*", "smash*", "punch*",
        "attack*", "ambush*", "snip*", "hunt*", "rope", "noose", "gas", "lighter", "molotov*", "grenad*", "pipe",
        "machete*", "axe", "bat", "run over", "ran over", "mow*", "wipe out", "wiped out", "get rid", "end",
        "erad*", "exterm*", "elimin*", "destroy*", "bury", "buried", "grave*", "coffin*", "bag", "body", "bodies",
        "live", "alive", "breath*", "pay", "regret", "warned", "warning", "watch your", "know where", "coming for",
        "mat*", "muer*", "asesin*", "dispar*", "bala*", "balea*", "plomo", "tiro*", "quem*", "incend*", "vol*",
        "revent*", "apun*", "acuchill*", "cuchill*", "navaj*", "degoll*", "ahorc*", "colg*", "cuelg*", "linch*",
        "ejecut*", "masacr*", "explot*", "arma*", "pistol*", "fusil*", "escopet*", "gasolin*", "fuego", "sangr*",
        "golpe*", "romper", "partir", "acab*", "borr*", "extermin*", "elimin*", "enterr*", "tumba*", "cajon",
        "bolsa", "piso", "bajo", "otro barrio", "sufr*", "tortur*", "envenen*", "ahog*", "atropell*", "pagar*",
        "pagaran", "advert*", "cuidate", "vivo", "viva", "vivos", "mori*", "morir*", "arde*", "arder*", "caz*",
        "gargant*", "bolsas", "zanja*", "desangr*", "acribill*", "prend*", "candela", "nafta", "pedrad*",
        "chumbimba", "calibre", "respir*", "cabeza", "fierro", "barra");

    /// <summary>Negations that cancel intent when they come before it.</summary>
    public static readonly PhraseSet Negation = new(
        "not", "never", "no", "don t", "dont", "won t", "wont", "wouldn t", "wouldnt", "would never",
        "will never", "can t", "cant", "shouldn t", "shouldnt", "nobody", "no one", "noone", "nobody should",
        "isn t", "aren t", "ain t", "didn t", "doesn t", "stop", "quit",
        "nunca", "jamas", "nadie", "tampoco", "ni", "dejen de", "deja de", "dejemos de", "stop saying", "quit saying");

    /// <summary>Words that disown violence anywhere in a sentence.</summary>
    public static readonly PhraseSet Disavowal = new(
        "would never", "will never", "never fix", "never solve", "never the answer", "not the answer", "jamas",
        "nunca haria", "nunca lastimaria", "no es la respuesta", "no soluciona", "never justified", "never acceptable",
        "is never ok", "is never okay", "never okay", "never ok", "nunca esta bien", "nunca se justifica", "no tiene justificacion",
        "nadie merece", "no one deserves", "nobody deserves", "no one should ever", "nobody should ever",
        "metaphorically", "figuratively", "not literally", "just kidding", "en sentido figurado", "metaforicamente",
        "no literalmente", "es broma");

    /// <summary>The speaker disowns an act right before naming it: "I would never hurt…", "jamás le haría daño…".</summary>
    public static readonly PhraseSet SelfNegation = new(
        "i won t", "i wont", "i will not", "i would never", "i d never", "i will never", "i ll never", "i would not",
        "i wouldn t", "i don t want to", "i dont want to", "i do not want to", "i never", "we will never", "we would never",
        "we won t", "i could never", "i can t imagine", "no voy a", "nunca", "jamas", "yo nunca", "no le deseo", "no les deseo",
        "no quiero", "no queremos", "no pienso", "should not be", "should never be", "shouldn t be", "must not be",
        "must never be", "no deben ser", "no deberian ser", "nunca deberian ser", "nunca deben ser");

    /// <summary>A speaker who takes up the words quoted: "exactly", "well said", "de acuerdo".</summary>
    public static readonly PhraseSet Endorsement = new(
        "agree", "agreed", "exactly", "based", "so true", "well said", "i say", "say it", "facts", "hell yes", "hell yeah",
        "my promise", "promise", "de acuerdo", "exacto", "bien dicho", "promesa", "lo prometo", "tiene razon", "asi es");

    /// <summary>Words that put what follows in someone else's mouth: "people who say…", "dicen que…".</summary>
    public static readonly PhraseSet OthersSpeech = new(
        "you say", "you said", "you saying", "who say", "who says", "they say", "people say", "telling", "suggest",
        "suggesting", "suggests", "chanted", "chanting", "quoting", "if you say", "when you say", "whoever says",
        "hablan de", "dicen que", "dice que", "decir que", "piden que", "quienes dicen", "los que dicen", "el que dice",
        "hablar de", "gritaban", "gritaron", "jokes about", "joking about", "joked about", "talked about", "talks about",
        "talking about", "preached that", "preaching that", "preaches that", "bromea con", "bromean con", "hablo de");

    /// <summary>The speaker right before words of others' speech: "I'm telling you…" is the speaker's own.</summary>
    public static readonly WordSet SpeakerWords = new("i", "m", "im", "we", "yo", "nosotros", "just", "am");

    /// <summary>"No Muslim deserves…", "ningún migrante merece…": a sentence that denies an act to all.</summary>
    public static readonly WordSet NoneOf = new("no", "ningun", "ninguna", "ningunos", "ningunas", "nadie", "nobody", "noone");

    public static readonly WordSet Deserve = new("deserve", "deserves", "merece", "merecen", "deberia", "deberian", "should");

    /// <summary>Words that join people to an object: "the mosque and every Muslim in it", "una iglesia llena de…".</summary>
    public static readonly PhraseSet ObjectJoins = new(
        "and", "full of", "filled with", "packed with", "with", "y", "lleno de", "llena de", "llenos de", "llenas de", "con");

    /// <summary>Words that put an object among people right after it: "the food at the group home".</summary>
    public static readonly PhraseSet PlaceJoins = new("at", "in", "inside", "outside", "near", "en", "dentro de", "frente a");

    /// <summary>A quoted threat framed as what someone else posted: "… has 3,000 likes", "alguien escribió «…»".</summary>
    public static readonly PhraseSet QuoteFrames = new(
        "likes", "retweets", "reposts", "shares", "commented", "replied", "someone wrote", "in my dms", "in my inbox",
        "comments", "escribio", "alguien escribio", "alguien puso", "publico", "comento", "respondio", "comentarios",
        "me gusta", "retuits");

    /// <summary>Reported speech: news, court, police. A threat reported is not a threat made.</summary>
    public static readonly PhraseSet Reported = new(
        "arrested", "arrest", "charged", "charges", "sentenced", "sentencing", "indicted", "indictment", "pleaded",
        "pleads", "plea", "convicted", "conviction", "police say", "police said", "police says", "officials say",
        "officials said", "according to", "accused", "allegedly", "alleged", "suspect", "suspected", "court",
        "judge", "jury", "prosecutor", "prosecutors", "prosecution", "threatening", "threatened", "threatens",
        "threat", "threats", "reportedly", "investigating", "investigation", "authorities", "sheriff s office",
        "deputies", "detained", "custody", "felony", "misdemeanor", "charged with", "statement", "press release",
        "breaking", "news", "report", "reports", "reported", "reporting", "messages", "message", "headline", "article", "story", "lawsuit", "hoax", "evacuated",
        "lockdown", "he said", "she said", "they said", "says he", "says she", "wrote", "posted", "told",
        "claimed", "claims", "quoted", "quote", "saying", "painted", "spray painted", "graffiti", "scrawled", "pintaron",
        "escribieron", "pinta", "pintas",
        "detienen", "detenido", "detenida", "detuvo", "arrestado", "arrestan", "acusado", "acusada", "acusan",
        "condenado", "condenada", "condenan", "sentenciado", "sentencia", "juicio", "juez", "fiscalia", "fiscal",
        "policia", "autoridades", "amenaza", "amenazas", "amenazar", "amenazo", "amenazaba", "segun", "dijo",
        "declaro", "investigan", "investigacion", "noticia", "reporta", "informa", "comunicado", "evacuan",
        "cargos", "imputado", "said", "says", "dice");

    /// <summary>Objects that make a violent verb an idiom: "kill it", "shoot me a message", "bomb the exam".</summary>
    public static readonly PhraseSet IdiomObjects = new(
        "this flu", "the flu", "this cold", "the virus", "this virus", "covid", "esta gripe", "la gripe", "el resfriado",
        "it", "time", "me", "myself", "yourself", "the vibe", "the mood", "the game", "the test", "the exam",
        "my exam", "the interview", "the presentation", "my phone", "your phone", "the phone lines", "the lines",
        "the inbox", "inboxes", "their inboxes", "his inbox", "her inbox", "the comments", "your shot", "my shot",
        "a message", "an email", "a dm", "a text", "me a", "us a", "the boss", "the final boss", "boss", "zombies",
        "the zombies", "npcs", "the competition", "the polls", "the ballot box", "the stereotype", "the bill",
        "the budget", "the proposal", "the policy", "the deal", "the myth", "the idea", "the rumor", "the rumors",
        "the argument", "the notion", "my diet", "the lights", "the engine", "the music", "the stage", "the track",
        "the crowd", "the party", "the dance floor", "the process", "for a", "for some", "off", "the clock",
        "the tests", "the finals", "finals", "this exam", "my calves", "the gym", "the ball", "three pointers",
        "threes", "hoops", "the breeze", "a photo", "a pic", "photos", "pics", "footage", "the scene", "a scene",
        "a movie", "a film", "the film", "the movie", "the documentary", "a video", "the video", "the game",
        "the switch", "the power", "the wifi", "the tv", "the fire", "the fire alarm", "the candle", "the candles",
        "calories", "the calories", "the competition", "the other team", "the spread", "the line", "weeds",
        "the weeds", "bugs", "the bugs", "the mosquitoes", "the flies", "the rats", "the roaches", "germs",
        "the germs", "the virus", "the curve", "the hype", "the lead", "your chances", "our chances", "la fiesta",
        "el examen", "la pista", "el tiempo", "el rato", "la presentacion", "la tarea", "las redes",
        "los telefonos", "las lineas", "el juego", "al jefe", "el jefe final", "la bateria", "el celular",
        "mi celular", "tu celular", "whatsapp", "el whatsapp", "los buzones", "el buzon", "el correo");

    /// <summary>Subjects that make a violent verb a metaphor: "this policy is killing our town".</summary>
    public static readonly PhraseSet MetaphorSubjects = new(
        "is killing", "are killing", "s killing", "is gonna kill", "will kill", "would kill", "killing us",
        "killing me", "killed it", "killing it", "kill it", "killin it", "is destroying", "are destroying",
        "this policy", "this bill", "the budget", "these cuts", "the cuts", "rent", "prices", "inflation",
        "the heat", "the traffic", "traffic", "the commute", "this weather", "the wait", "the lines", "the line",
        "this line", "the paperwork", "bureaucracy", "red tape", "the bureaucracy", "the fees", "the taxes",
        "taxes", "esta politica", "los recortes", "el presupuesto", "el trafico", "la espera", "los precios",
        "la inflacion", "el calor", "me esta matando", "nos esta matando", "nos estan matando", "me mata",
        "me matan", "me muero", "me mueroo");

    /// <summary>Pronouns and role words that can stand for the organization, its people or its site.</summary>
    public static readonly PhraseSet ObjectPronouns = new(
        "them", "him", "her", "you", "u", "ya", "y all", "yall", "you all", "everyone", "everybody", "every",
        "all", "all of them", "all of you", "every one", "that place", "the place", "the building", "this place",
        "the office", "the offices", "the agency", "the school", "the clinic", "the hospital", "staff", "the staff",
        "agents", "officers", "workers", "employees", "teachers", "nurses", "doctors", "workers", "cops", "pigs",
        "clerks", "the clerk", "the director", "the boss", "the board", "the superintendent", "the principal",
        "the ceo", "the mayor", "the commissioner", "it", "nurse", "doctor", "teacher", "agent", "officer", "worker",
        "employee", "clerk", "staffer", "guard", "guards", "manager", "managers", "exec", "execs", "executive",
        "executives", "official", "officials", "member", "members", "poll worker", "poll workers", "kid", "kids",
        "student", "students", "child", "children", "patient", "patients", "supervisor", "supervisors",
        "caseworker", "caseworkers", "inspector", "inspectors", "driver", "drivers", "bosses", "admins",
        "administrators", "counselors", "aides", "judges", "jefes", "capataces", "chofer", "choferes", "empleados",
        "trabajadores", "enfermeras", "enfermeros", "maestros", "maestras", "doctores", "medicos", "guardias",
        "guardia", "agentes", "supervisores", "gerentes", "ingenieros", "funcionarios", "policias",
        "los", "las", "les", "a todos", "todos", "todas", "a ese", "a esa", "a esos", "a esas", "ese lugar",
        "el edificio", "la oficina", "la escuela", "el hospital", "la clinica", "a los", "a las", "al", "a la",
        "a el", "whoever", "anyone", "anybody", "everyone there", "everybody there", "whoever is", "a quien", "a quien sea",
        "a cualquiera", "cada", "a cada", "ballot counters", "ballot counter", "election workers", "election worker", "poll workers",
        "staffers", "the security guards", "security guards", "bus drivers", "ER staff", "escrutadores",
        "funcionarios de casilla", "profesores", "oficiales", "medicas", "enfermera", "maestro", "maestra", "gerente", "supervisor",
        "trabajador", "trabajadora", "people", "those people", "the people", "the next one", "next one", "one of them",
        "board member", "board members", "council members", "councilmembers", "trustees", "deans", "dean", "the five",
        "the ones who", "those who", "los que", "las que",
        "the first one", "uno de ellos", "una de ellas", "al proximo", "a la proxima",
        "los de", "las de");

    /// <summary>Words of rank, role or order that may stand between a verb and a watched name.</summary>
    public static readonly WordSet Titles = new(
        "council", "board", "provost", "councilmember", "councilor", "councillor", "trustee", "chancellor", "spokesperson",
        "spokesman", "spokeswoman", "vocero", "vocera", "concejal", "concejala", "regidor", "regidora", "sheriff", "warden",
        "treasurer", "administrator",
        "next", "first", "last", "nearest", "new", "head", "lead", "chief", "deputy", "assistant", "fare", "night",
        "shift", "director", "principal", "superintendent", "supervisor", "inspector", "clerk", "commissioner", "dr",
        "doctor", "nurse", "officer", "agent", "manager", "ceo", "president", "chair", "judge", "mayor", "registrar",
        "dean", "professor", "prof", "coach", "councilman", "councilwoman", "senator", "rep", "ms", "mr", "mrs",
        "directora", "superintendente", "supervisora", "gerente", "jefe", "jefa", "comisionado", "comisionada",
        "profe", "profesor", "profesora", "maestra", "maestro", "doctora", "licenciado", "licenciada", "lic",
        "ingeniero", "ingeniera", "senor", "senora", "don", "dona", "registradora", "registrador", "alcalde",
        "alcaldesa", "juez", "jueza", "presidente", "presidenta", "rector", "rectora", "secretario", "secretaria",
        "proximo", "proxima", "primer", "primera", "nuevo", "nueva");

    /// <summary>Parts and belongings of a person: "her head", "his car", "su casa" are aimed at the person.</summary>
    public static readonly WordSet PersonsParts = new(
        "head", "face", "throat", "neck", "skull", "brain", "brains", "chest", "heart", "back", "legs", "knees",
        "kneecaps", "hands", "body", "guts", "teeth", "eyes", "car", "truck", "house", "home", "office", "family",
        "kids", "children", "wife", "husband", "daughter", "son", "ass", "lights", "cabeza", "cara", "garganta",
        "cuello", "craneo", "sesos", "pecho", "corazon", "espalda", "piernas", "rodillas", "manos", "cuerpo", "tripas",
        "dientes", "ojos", "carro", "coche", "camioneta", "casa", "oficina", "familia", "hijos", "hija", "hijo",
        "esposa", "esposo", "madre", "jeta", "madres");

    /// <summary>Object pronouns inside an act's own words: "put YOU in the ground", "LO mato", "quemarLO".</summary>
    public static readonly WordSet ActPronouns = new("you", "u", "him", "her", "them", "lo", "la", "los", "las", "le", "les", "te");

    /// <summary>Spanish verb forms that say "I" or "we" on their own: "LLEGO armado", "ESTACIONO con el cuerno".</summary>
    public static readonly WordSet FirstPersonVerbs = new(
        "llego", "llegamos", "voy", "vamos", "traigo", "traemos", "llevo", "llevamos", "estaciono", "tengo", "tenemos",
        "caemos", "caigo", "entro", "entramos", "empiezo", "empezamos", "espero", "esperamos", "estoy", "estamos",
        "ando", "andamos", "salgo", "paso", "pasamos", "i", "we", "yo", "nosotros");

    /// <summary>Possessive words before a part or belonging.</summary>
    public static readonly WordSet Possessives = new("her", "his", "your", "ur", "their", "su", "sus", "tu", "tus");

    /// <summary>Spanish object pronouns that stand before their verb.</summary>
    public static readonly WordSet Clitics = new("lo", "la", "los", "las", "le", "les", "te");

    /// <summary>Verbs a Spanish object pronoun leans on before the act: "lo VOY a matar", "te VAMOS a quemar".</summary>
    public static readonly WordSet CliticHosts = new(
        "voy", "vamos", "van", "va", "vas", "iba", "ibamos", "tengo", "tenemos", "quiero", "queremos", "hay", "pienso",
        "pensamos", "juro", "vengo", "venimos");

    /// <summary>Little words skipped between a verb and its object.</summary>
    public static readonly HashSet<string> Determiners =
    [
        "the", "a", "an", "all", "every", "each", "those", "these", "that", "this", "some", "of", "at", "in", "up",
        "down", "out", "on", "off", "their", "his", "her", "its", "your", "ur", "my", "our", "whole", "entire",
        "damn", "fucking", "fuckin", "goddamn", "f", "frickin", "freaking", "stupid", "corrupt", "at", "inside",
        "el", "la", "los", "las", "a", "al", "de", "del", "en", "un", "una", "unos", "unas", "todos", "todas",
        "ese", "esa", "esos", "esas", "este", "esta", "estos", "estas", "su", "sus", "tu", "tus", "mi", "mis",
        "maldito", "maldita", "malditos", "malditas", "pinche", "pinches", "any", "few", "many", "as", "more", "most",
        "cualquier", "cada", "crowd", "crowds", "group", "bunch", "line", "busload", "multitud", "grupo", "fila", "two",
        "three", "four", "five", "both", "2", "3", "dos", "tres", "cuatro", "ambos", "ambas",
    ];

    /// <summary>What follows an object and makes the verb an idiom: "shoot HEA an email", "bury them at the polls".</summary>
    public static readonly PhraseSet IdiomTail = new(
        "de risa", "de la risa", "del susto", "de aburrimiento", "de hambre", "de envidia", "de ternura", "with laughter",
        "an email", "a message", "a dm", "a note", "a line", "a text", "a question", "a letter", "a memo",
        "at the polls", "in the election", "at the ballot box", "in court", "on the field", "in the game",
        "in the press", "in the media", "in the polls", "in the reviews", "on social media", "en la prensa", "en los medios",
        "en las encuestas", "en redes",
        "with votes", "with our votes", "in november", "in the primary", "in the debate", "on the court",
        "in the standings", "in the finals", "photo*", "camera", "film*", "footage", "video", "videos",
        "documentary", "phones", "phone", "phone lines", "lines", "inbox", "inboxes", "mentions", "comments",
        "email", "emails", "voicemail", "voicemails", "timeline", "notifications", "with calls", "with emails",
        "with letters", "with complaints", "with questions", "with lawsuits", "with paperwork", "with forms",
        "with applications", "with comments", "with records requests", "with kindness", "with love",
        "con quejas", "con cartas", "con demandas", "in the ratings", "in the reviews",
        "s bill", "s budget", "s proposal", "s plan", "s policy", "s funding", "s contract", "s chances",
        "s reputation", "s ratings", "s stock", "s career", "s campaign", "s numbers", "s argument", "s case",
        "budget", "bill", "proposal", "plan", "policy", "funding", "contract", "deal", "merger", "program",
        "initiative", "measure", "levy", "referendum", "mandate", "project", "rule", "rules", "ordinance",
        "presupuesto", "propuesta", "proyecto", "reforma", "contrato",
        "en las urnas", "con votos", "un correo", "un mensaje", "a llamadas", "a correos", "los telefonos",
        "las lineas", "con llamadas", "con correos", "en el debate", "en la cancha", "en el partido");

    /// <summary>Sports, games and films, where "kill", "destroy" and "massacre" mean winning.</summary>
    public static readonly PhraseSet SportsContext = new(
        "game", "games", "match", "team", "season", "playoffs", "playoff", "tournament", "varsity", "football",
        "basketball", "soccer", "baseball", "volleyball", "hockey", "homecoming", "scoreboard", "score", "scored",
        "rivals", "rival", "quarterback", "touchdown", "halftime", "points", "league", "championship", "finals",
        "exam", "exams", "test", "quiz", "debate", "spelling bee", "robotics", "chess", "esports", "fortnite",
        "minecraft", "call of duty", "elden ring", "raid boss", "level", "boss fight", "movie", "film", "episode",
        "show", "trivia", "bake off", "karaoke", "partido", "equipo", "temporada", "torneo", "liga", "futbol",
        "cancha", "goles", "examen", "pelicula", "serie", "videojuego");

    /// <summary>Acts that are also sports and games slang; the rest ("shoot up", "bomb") never are.</summary>
    public static readonly HashSet<string> SportsSlangActs =
    [
        "kill", "kil", "murder", "slaughter", "massacre", "destroy", "execute", "smoke", "attack", "hurt",
        "matar", "masacrar", "golpear", "atacar", "reventar", "reventarlos", "acribillar", "ejecutar",
    ];

    /// <summary>
    /// Acts whose object stands inside them: "put Varga in the ground", "burn the clinic down", "string him up". The
    /// head opens the act, one of the tails closes it a few words later; the object is what stands between.
    /// </summary>
    public static readonly (PhraseSet Heads, PhraseSet Tails)[] SplitActs =
    [
        (new("put", "putting", "puttin"), new("in the ground", "six feet under", "in a body bag", "in a coffin", "in the hospital", "in the morgue", "in a grave")),
        (new("burn", "burning", "burnin", "torch"), new("down", "to the ground", "alive")),
        (new("blow", "blowing"), new("up", "to pieces", "to bits", "away")),
        (new("shoot", "shooting", "shootin"), new("up", "dead", "in the head", "in the face")),
        (new("string", "stringing"), new("up")),
        (new("run", "running"), new("off the road")),
        (new("push", "pushing", "shove", "throw"), new("in front of", "off the roof", "off a bridge", "off the bridge")),
        (new("beat", "beating", "beats"), new("to death", "until he stops", "until she stops", "until they stop", "until he can t", "until she can t",
            "until they can t", "bloody", "half to death", "senseless", "unconscious", "to a pulp", "black and blue")),
        (new("make", "making"), new("bleed", "pay in blood", "pay with their lives", "pay with his life", "pay with her life")),
        (new("light", "set"), new("on fire", "ablaze")),
        (new("dejar", "dejarlo", "dejarla", "dejarlos", "dejo", "dejamos"), new("muerto", "muerta", "muertos", "tieso", "tiesos", "sin vida")),
        (new("rociar", "rocia", "rociamos"), new("de gasolina", "con gasolina")),
    ];

    /// <summary>Words that tie an object to a watched name after it: "every poll worker AT Hollowmere", "los buses DEL Hadley Yard".</summary>
    public static readonly WordSet LinkWords = new(
        "at", "of", "from", "in", "inside", "for", "de", "del", "en", "dentro", "a", "al");

    /// <summary>What an organization owns that a threat can be aimed through: "quemarle los buses a Ironlake".</summary>
    /// <summary>An object named only by what it does: "whoever…", "anyone who…", "a quien…".</summary>
    public static readonly PhraseSet Whoever = new("whoever", "anyone who", "anybody who", "a quien", "al que", "quien");

    /// <summary>Words that tie a doer to a place or body: "works at", "is on", "es de", "trabaja en".</summary>
    public static readonly PhraseSet Belonging = new(
        "works", "work", "working", "is", "are", "was", "were", "s", "at", "from", "in", "inside", "on", "runs", "run",
        "trabaja", "trabajan", "es", "son", "esta", "estan", "de", "del", "en");

    /// <summary>Acts of violence named as a deed at the head of a sentence: "Shooting…", "Quemar a…".</summary>
    public static readonly PhraseSet ApprovedActs = new(
        "shooting", "killing", "hanging", "lynching", "burning", "gassing", "beheading", "stabbing", "bombing",
        "slaughtering", "exterminating", "executing", "drowning", "beating", "setting", "torching", "murdering",
        "lining up", "stringing up", "matar", "quemar", "fusilar", "colgar", "balear", "exterminar", "ahorcar", "linchar",
        "golpear", "apalear", "masacrar");

    /// <summary>Words that call a deed right, deserved or a solution: "is the right policy", "es lo que merecen".</summary>
    public static readonly PhraseSet Approval = new(
        "is the right", "is right", "is the answer", "is the solution", "is the only solution", "is the only way",
        "is what they have coming", "is what they deserve", "is what they need", "is justified", "is too kind",
        "would fix", "would solve", "will fix", "will solve", "would be a good", "is a good start", "is a start", "it s a start",
        "is the only language", "is what this country needs", "is what we need", "is long overdue", "is overdue",
        "es lo correcto", "es lo que merecen", "es lo que se merecen", "es la solucion", "es la unica solucion",
        "es la respuesta", "es poco", "es lo justo", "arreglaria", "solucionaria", "es lo que necesitamos");

    /// <summary>The speaker's own: "my office", "nuestra casa" is no organization's place.</summary>
    public static readonly WordSet OwnPossessives = new("my", "our", "mi", "mis", "nuestro", "nuestra", "nuestros", "nuestras");

    /// <summary>Parts and events of an organization: "the billing department", "the admin building", "la sede".</summary>
    public static readonly WordSet OrgParts = new(
        "department", "departments", "building", "buildings", "office", "offices", "headquarters", "hq", "lobby", "stage",
        "campus", "hall", "ward", "wing", "floor", "branch", "station", "depot", "plant", "warehouse", "boardroom",
        "meeting", "hearing", "cafeteria", "gym", "classroom", "classrooms", "commencement", "graduation", "clinic", "er",
        "edificio", "oficina", "oficinas", "sede", "departamento", "planta", "bodega", "sala", "escenario", "reunion",
        "asamblea", "audiencia", "terminal", "estacion", "sucursal", "vacunatorio");

    /// <summary>Houses of worship and a community's gatherings: "the mosque", "la sinagoga", "pride".</summary>
    public static readonly WordSet Gatherings = new(
        "mosque", "mosques", "masjid", "synagogue", "synagogues", "shul", "church", "churches", "chapel", "cathedral",
        "parish", "temple", "temples", "gurdwara", "gurdwaras", "pride", "mezquita", "mezquitas", "sinagoga", "sinagogas",
        "iglesia", "iglesias", "capilla", "parroquia", "templo", "templos", "catedral");

    public static readonly WordSet Belongings = new(
        "bus", "buses", "busses", "truck", "trucks", "van", "vans", "car", "cars", "building", "buildings", "office", "offices",
        "headquarters", "hq", "warehouse", "plant", "lobby", "entrance", "doors", "camion", "camiones", "autobuses",
        "camionetas", "carros", "oficina", "oficinas", "edificio", "bodega", "planta", "entrada", "puertas", "boat", "boats",
        "house", "houses", "homes", "home", "church", "churches", "mosque", "mosques", "synagogue", "synagogues", "temple",
        "school", "schools", "shelter", "camp", "camps", "store", "stores", "shop", "shops", "bar", "club", "center", "centre",
        "lanchas", "lancha", "barcos", "casa", "casas", "iglesia", "iglesias", "mezquita", "mezquitas", "sinagoga",
        "sinagogas", "templo", "escuela", "escuelas", "albergue", "albergues", "refugio", "campamento", "tienda", "tiendas",
        "negocios", "negocio");

    /// <summary>Words that follow an object pronoun, not a possessive's noun: "hurt her BAD", "shoot her WHEN she…".</summary>
    public static readonly WordSet AfterObject = new(
        "bad", "badly", "good", "so", "until", "till", "when", "if", "and", "or", "too", "first", "myself", "tonight", "tomorrow",
        "today", "now", "right", "with", "in", "at", "for", "because", "like", "dead", "again", "myself", "personally", "slowly");

    /// <summary>Pests and weeds: "hay una plaga de cucarachas, que las maten a todas" kills no one.</summary>
    public static readonly WordSet Pests = new(PestWords);

    /// <summary>The same pests as phrases, for the model's cue features.</summary>
    public static readonly PhraseSet PestPhrases = new(PestWords);

    private static string[] PestWords => [
        "rats", "rat", "mice", "mouse", "roaches", "cockroaches", "pigeons", "flies", "mosquitoes", "bedbugs", "ants", "termites",
        "wasps", "hornets", "weeds", "pests", "bugs", "lice", "raccoons", "squirrels", "snakes", "cucarachas", "ratas", "ratones",
        "palomas", "moscas", "mosquitos", "chinches", "hormigas", "termitas", "plaga", "plagas", "avispas", "piojos", "maleza",
        "hierba", "alacranes", "aranas", "spiders"];

    /// <summary>A speaker setting a threat apart to condemn it: "… is not activism", "me da asco leer …".</summary>
    public static readonly PhraseSet Condemnation = new(
        "disgusting", "evil", "condemn", "condemn it", "not activism", "not protest", "harassment", "not free speech",
        "is not ok", "is not okay", "not okay", "screenshotted", "reported it", "reported to", "sent to the police",
        "makes me sick", "make me sick", "does not speak for us", "doesn t speak for us", "don t speak for us", "do not speak for us",
        "knock it off", "get help", "vile", "unacceptable", "me da asco", "da asco", "no nos representan", "no me representa",
        "no es protesta", "no es libertad de expresion", "es acoso", "es un delito", "lo reportamos", "ya lo reportamos",
        "reportado", "denunciado", "basta", "eso no es", "no es activismo", "que verguenza", "intimidation", "illegal",
        "intimidacion", "es ilegal", "repudio", "repudiamos", "rechazo", "rechazamos", "condenamos", "condeno", "appalling",
        "monstrous", "horrifying", "horrific", "sickening", "shameful", "abhorrent",
        "despicable", "outrageous", "inexcusable", "repugnante", "asqueroso", "indignante", "vergonzoso", "inaceptable",
        "deplorable", "aberrante");

    /// <summary>Verbs that put a threat in someone else's mouth: "telling X they deserve to die", "gritan «quemen…»".</summary>
    public static readonly PhraseSet SpeechVerbs = new(
        "telling", "saying", "say", "posting", "posted", "writing", "wrote", "yelling", "chanting", "tweeting",
        "decir", "decir que", "dicen", "dicen que", "gritan", "gritar", "gritando", "leer", "escribir", "escribio",
        "escriben", "publicar", "publico", "postear", "said", "says", "suggesting", "suggested", "claimed", "shouted",
        "screamed", "preached", "dijo", "dijeron", "grito", "gritaron", "pidio", "pidieron", "calling for", "calls for",
        "piden", "pide", "pidiendo", "llaman a");

    /// <summary>Subordinators that open a conditional: "if they ... I'll ...".</summary>
    public static readonly PhraseSet Conditional = new(
        "if", "unless", "when", "once", "the next time", "next time", "one more", "si", "cuando", "la proxima vez",
        "otra vez que", "como", "como me", "touch my", "cut my", "otra", "another");
}
