using System.Text;

namespace Parapet.Bench;

internal enum FacetKind
{
    Tag,
    Mention,
    Link,
}

/// <summary>A rich-text facet over the post text, in UTF-16 offsets until it is written out.</summary>
internal readonly record struct FacetSpan(FacetKind Kind, int Start, int End, string Value);

internal enum MentionTone
{
    Neutral,
    Praise,
    Criticism,
    Threat,
}

/// <summary>One post under construction: text plus the facets that point into it.</summary>
internal sealed class PostDraft
{
    public StringBuilder Text { get; } = new(400);

    public List<FacetSpan> Facets { get; } = [];

    public string? LinkUri { get; set; }

    public bool Spanish { get; set; }

    public void Clear()
    {
        Text.Clear();
        Facets.Clear();
        LinkUri = null;
        Spanish = false;
    }
}

/// <summary>
/// Sentence templates and word lists for synthetic posts. Every word list avoids the watchlist's names, so
/// the only posts that mention a watched entity are the ones the generator meant to.
/// </summary>
internal sealed class PostTexts
{
    public const int MaxLength = 300;
    public const int MinLength = 20;

    private static readonly string[] s_english =
    [
        "just {did} {thing} and honestly it was {adj}",
        "{Opener}, {thing} is {adj} today",
        "Does anyone else think {thing} is {adj}?",
        "Finally {did} {thing} after {duration}.",
        "{Person} says {thing} will be {adj} by {when}",
        "Not me {doing} {thing} at {clock} again",
        "Reminder that {thing} is {adj} and you deserve {treat}.",
        "My {relative} {did} {thing} {when} lol",
        "Watching {show} with {treat}, {adj} evening",
        "Can we talk about how {adj} {thing} has been {when}?",
        "New blog post about {thing}: what I learned after {duration}",
        "{When} the {weather} made {thing} feel {adj}",
        "Hot take: {thing} is {adj}.",
        "I miss {thing}.",
        "the most {adj} part of {thing} is {thing}",
        "{Opener}: {doing} {thing} {when}, send {treat}",
        "Thread on {thing}, because {Person} asked and it's {adj} (1/3)",
        "If you see {thing} {when}, say hi. It's {adj}.",
        "Spent {duration} {doing} {thing}. Worth it? Maybe.",
        "Who decided {thing} should be this {adj}???",
    ];

    private static readonly string[] s_spanish =
    [
        "Hoy {es_did} {es_thing} y la verdad fue {es_adj}",
        "¿Alguien más piensa que {es_thing} está {es_adj2}?",
        "No puedo creer que {es_thing} siga tan {es_adj2} {es_when}",
        "Por fin {es_did} {es_thing} después de {es_duration}.",
        "Mi {es_rel} dice que {es_thing} es {es_adj}",
        "Recordatorio: {es_thing} es {es_adj} y mereces {es_treat}.",
        "Viendo {es_show} con {es_treat}, noche {es_adj}",
        "Qué {es_adj} está {es_thing} {es_when}",
        "Llevo {es_duration} esperando {es_thing} y nada",
        "{es_when} {es_did} {es_thing}, {es_adj} como siempre",
    ];

    private static readonly Dictionary<string, string[]> s_slots = new(StringComparer.Ordinal)
    {
        ["thing"] =
        [
            "the new coffee place", "my garden", "this book", "the bus route", "the playoff game", "my sourdough starter",
            "the city council meeting", "that movie", "our podcast", "the new album", "my cat", "the hiking trail",
            "the farmers market", "remote work", "the science fair", "the concert", "a pixel art commission",
            "the weather app", "my thesis draft", "the local library", "grocery prices", "the bike lane", "this recipe",
            "rent", "the school board vote", "the new phone", "the train schedule", "my running streak", "the art show",
            "the election", "the heat wave", "the comic I'm drawing", "open source maintainers", "the neighborhood cleanup",
            "the harbor ferry", "the bakery on 5th", "my fantasy league", "the thrift store haul", "this synth patch",
            "the marathon", "daylight saving time", "the new bridge", "our D&D campaign", "the vet bill", "my houseplants",
        ],
        ["adj"] =
        [
            "wild", "great", "exhausting", "underrated", "so cozy", "a mess", "surprisingly good", "beautiful", "overpriced",
            "hilarious", "frustrating", "perfect", "weird", "wonderful", "chaotic", "fine actually", "unhinged", "peaceful",
            "a lot", "annoying", "adorable", "brutal",
        ],
        ["did"] = ["finished", "tried", "fixed", "watched", "painted", "cleaned", "read", "rewrote", "planted", "started", "survived", "booked"],
        ["doing"] = ["rereading", "rewatching", "fixing", "planning", "thinking about", "debugging", "cooking", "knitting", "sketching", "reorganizing"],
        ["duration"] = ["three weeks", "two years", "a long day", "months of waiting", "one coffee", "six attempts", "an entire weekend", "45 minutes"],
        ["when"] = ["today", "this morning", "last night", "all week", "this weekend", "since Monday", "tomorrow", "right now"],
        ["When"] = ["Today", "This morning", "Last night", "All week", "Yesterday", "Every winter"],
        ["clock"] = ["2am", "7:15", "midnight", "noon", "4:30 in the morning", "6pm"],
        ["relative"] = ["mom", "brother", "roommate", "neighbor", "grandpa", "best friend", "partner", "kid", "aunt"],
        ["treat"] = ["tea", "pizza", "ice cream", "a nap", "snacks", "cookies", "dumplings", "a long walk"],
        ["show"] = ["the finale", "old cartoons", "a documentary", "the new season", "a cooking show", "the match"],
        ["weather"] = ["rain", "fog", "wind", "sunshine", "snow", "humidity"],
        ["Opener"] = ["Okay so", "Honestly", "Update", "Ngl", "Fun fact", "Welp", "PSA", "Small win"],
        ["Person"] = ["My doctor", "The mechanic", "Everyone online", "My teacher", "The weather guy", "Our landlord", "My coworker"],
        ["es_thing"] =
        [
            "el café de la esquina", "mi jardín", "este libro", "la ruta del autobús", "el partido", "la reunión del barrio",
            "esa película", "nuestro pódcast", "el nuevo disco", "mi gato", "el sendero", "el mercadillo", "el trabajo remoto",
            "el concierto", "mi tesis", "la biblioteca", "el precio del alquiler", "el carril bici", "esta receta",
            "el horario del tren", "la ola de calor", "la feria del libro",
        ],
        ["es_adj"] = ["increíble", "agotador", "precioso", "carísimo", "divertidísimo", "un desastre", "genial", "raro", "tranquilo", "maravilloso"],
        ["es_adj2"] = ["lleno", "caro", "bonito", "tranquilo", "imposible", "lento", "vacío"],
        ["es_did"] = ["terminé", "probé", "arreglé", "vi", "pinté", "limpié", "leí", "empecé", "reservé"],
        ["es_duration"] = ["tres semanas", "dos años", "un día larguísimo", "meses de espera", "una hora", "todo el finde"],
        ["es_when"] = ["hoy", "esta mañana", "anoche", "toda la semana", "este finde", "desde el lunes"],
        ["es_rel"] = ["madre", "hermano", "vecina", "abuelo", "compañera de piso", "tía"],
        ["es_treat"] = ["un café", "una siesta", "pizza", "churros", "un helado", "unas tapas"],
        ["es_show"] = ["la final", "una serie vieja", "un documental", "la nueva temporada", "el telediario"],
    };

    private static readonly Dictionary<MentionTone, string[]> s_englishMentions = new()
    {
        [MentionTone.Neutral] =
        [
            "Anyone know if {E} is open on weekends?", "Reading the new statement from {E} about {thing}.",
            "Saw a long line outside {E} this morning", "{E} just posted an update on {thing}",
            "Heading to {E} later for a meeting", "There's an interview with {E} about {thing} in today's paper",
            "Does {E} have a phone number that actually works?",
        ],
        [MentionTone.Praise] =
        [
            "Huge thanks to {E} for the quick help today!", "Really impressed by {E} this week, great work",
            "Shoutout to {E}, they actually listened",
        ],
        [MentionTone.Criticism] =
        [
            "{E} keeps ignoring every complaint about {thing}. Absolutely shameful.",
            "Honestly {E} is a disgrace and everyone knows it", "Worst experience ever with {E}, never again",
            "How is {E} still getting away with this?", "{E} should be ashamed of how they handled {thing}",
            "Another week, another scandal at {E}. Resign already.",
        ],
    };

    private static readonly Dictionary<MentionTone, string[]> s_spanishMentions = new()
    {
        [MentionTone.Neutral] =
        [
            "¿Alguien sabe si {E} abre los domingos?", "Hoy había muchísima gente en {E}",
            "{E} publicó un comunicado sobre {es_thing}",
        ],
        [MentionTone.Praise] = ["Gracias a {E} por la ayuda de hoy, un diez", "Muy bien lo de {E} esta semana"],
        [MentionTone.Criticism] =
        [
            "{E} es una vergüenza, nadie contesta las quejas", "Otra vez {E} haciendo las cosas fatal",
            "¿Cómo es posible que {E} siga igual después de {es_duration}?",
        ],
    };

    private static readonly string[] s_englishThreatsAgainstPlaces =
    [
        "I will shoot up the {E} tomorrow", "Going to blow up {E} this weekend. Stay away if you're smart.",
        "Someone needs to burn {E} down and I've got the gas cans ready",
    ];

    private static readonly string[] s_spanishThreatsAgainstPlaces =
    [
        "Mañana voy a quemar {E}, ya lo verán", "El lunes voy a liarme a tiros en {E}",
    ];

    private static readonly string[] s_englishThreatsAgainstPeople =
    [
        "I'm going to kill {E} next time I see them", "{E} is getting a bullet, I know where they live",
    ];

    private static readonly string[] s_spanishThreatsAgainstPeople = ["Voy a matar a {E} cuando lo vea"];

    private static readonly string[] s_tags =
    [
        "art", "gardening", "booksky", "caturday", "photography", "futbol", "música", "devlog", "mtg", "birds",
        "sourdough", "runner", "indiedev", "ttrpg", "cocina",
    ];

    private static readonly string[] s_handles =
    [
        "mira", "tomasz", "jules", "ana-lopez", "kbennett", "noodles", "riverotter", "sam", "theo-writes", "quietfox",
    ];

    private static readonly string[] s_linkHosts =
    [
        "www.youtube.com/watch?v=", "github.com/", "www.theguardian.com/", "elpais.com/", "bsky.app/profile/",
        "www.reddit.com/r/", "open.spotify.com/track/",
    ];

    private static readonly string[] s_emoji = ["😂", "🔥", "💦", "👇", "🌱", "☕", "❤️", "🙏", "😭", "✨", "🎉"];

    private readonly Random _rng;
    private readonly WatchedName[] _names;

    public PostTexts(Random rng, IReadOnlyList<WatchedName> names)
    {
        _rng = rng;
        _names = [.. names];
    }

    /// <summary>Fills <paramref name="draft"/> with a post; <paramref name="tone"/> set means it mentions a watched name.</summary>
    public void Compose(PostDraft draft, MentionTone? tone)
    {
        // Templates vary in length; the rare draft over the limit is simply drawn again.
        do
        {
            ComposeOnce(draft, tone);
        }
        while (draft.Text.Length > MaxLength);
    }

    private void ComposeOnce(PostDraft draft, MentionTone? tone)
    {
        draft.Clear();
        draft.Spanish = _rng.NextDouble() < 0.2;
        int target = MinLength + (int)((MaxLength - MinLength) * Math.Pow(_rng.NextDouble(), 1.7));
        var text = draft.Text;

        if (_rng.NextDouble() < 0.06)
        {
            AppendMention(draft);
            text.Append(' ');
        }

        bool mentionFirst = tone is not null && _rng.NextDouble() < 0.6;
        if (mentionFirst)
        {
            AppendWatchedSentence(draft, tone!.Value);
        }

        // Leave room for a watched sentence that goes last and for the emoji, link and tags below.
        int budget = MaxLength - 40 - (tone is not null && !mentionFirst ? 110 : 0);
        int sentences = 0;
        while (text.Length < target || text.Length < MinLength)
        {
            int before = text.Length;
            Separate(text);

            Fill(draft, Pick(draft.Spanish ? s_spanish : s_english), null);
            if (text.Length > budget && sentences > 0)
            {
                text.Length = before;
                break;
            }

            sentences++;
        }

        if (tone is not null && !mentionFirst)
        {
            Separate(text);
            AppendWatchedSentence(draft, tone.Value);
        }

        double roll = _rng.NextDouble();
        if (roll < 0.15 && text.Length < MaxLength - 30)
        {
            text.Append(' ').Append(Pick(s_emoji));
        }

        if (_rng.NextDouble() < 0.12 && text.Length < MaxLength - 45)
        {
            text.Append(text.Length > 0 ? "\n\n" : "");
            AppendLink(draft);
        }

        int tags = _rng.NextDouble() < 0.15 ? 1 + _rng.Next(3) : 0;
        string? previousTag = null;
        for (int i = 0; i < tags && text.Length < MaxLength - 22; i++)
        {
            text.Append(i == 0 ? "\n" : " ");
            string tag = Pick(s_tags);
            if (tag == previousTag)
            {
                tag = s_tags[(Array.IndexOf(s_tags, tag) + 1) % s_tags.Length];
            }

            previousTag = tag;
            draft.Facets.Add(new FacetSpan(FacetKind.Tag, text.Length, text.Length + 1 + tag.Length, tag));
            text.Append('#').Append(tag);
        }
    }

    /// <summary>Ends the previous sentence (usually with a full stop) and starts the next one.</summary>
    private void Separate(StringBuilder text)
    {
        if (text.Length == 0 || char.IsWhiteSpace(text[^1]))
        {
            return;
        }

        if (text[^1] is not ('.' or '?' or '!' or ')') && _rng.NextDouble() < 0.8)
        {
            text.Append('.');
        }

        text.Append(_rng.NextDouble() < 0.1 ? "\n\n" : " ");
    }

    private void AppendWatchedSentence(PostDraft draft, MentionTone tone)
    {
        var name = Pick(_names);
        string template = tone switch
        {
            MentionTone.Threat => Pick((name.Kind == NameKind.Person, draft.Spanish) switch
            {
                (true, true) => s_spanishThreatsAgainstPeople,
                (true, false) => s_englishThreatsAgainstPeople,
                (false, true) => s_spanishThreatsAgainstPlaces,
                (false, false) => s_englishThreatsAgainstPlaces,
            }),
            _ => Pick((draft.Spanish ? s_spanishMentions : s_englishMentions)[tone]),
        };

        // People write names the way they type, not the way the watchlist spells them.
        double casing = _rng.NextDouble();
        string spelled = casing < 0.08 ? name.Text.ToLowerInvariant() : casing < 0.12 ? name.Text.ToUpperInvariant() : name.Text;
        Fill(draft, template, spelled);
    }

    private void Fill(PostDraft draft, string template, string? entity)
    {
        var text = draft.Text;
        int sentenceStart = text.Length;
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            if (open < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }

            text.Append(template, i, open - i);
            int close = template.IndexOf('}', open);
            string slot = template[(open + 1)..close];
            if (slot == "E")
            {
                if (entity!.StartsWith('#'))
                {
                    draft.Facets.Add(new FacetSpan(FacetKind.Tag, text.Length, text.Length + entity.Length, entity[1..]));
                }

                text.Append(entity);
            }
            else
            {
                text.Append(Pick(s_slots[slot]));
            }

            i = close + 1;
        }

        if (text.Length > sentenceStart && char.IsLower(text[sentenceStart]) && _rng.NextDouble() < 0.5)
        {
            text[sentenceStart] = char.ToUpperInvariant(text[sentenceStart]);
        }
    }

    private void AppendMention(PostDraft draft)
    {
        string handle = $"{Pick(s_handles)}{(_rng.NextDouble() < 0.5 ? _rng.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}.bsky.social";
        draft.Facets.Add(new FacetSpan(FacetKind.Mention, draft.Text.Length, draft.Text.Length + 1 + handle.Length, ""));
        draft.Text.Append('@').Append(handle);
    }

    private void AppendLink(PostDraft draft)
    {
        Span<char> id = stackalloc char[11];
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        foreach (ref char c in id)
        {
            c = chars[_rng.Next(chars.Length)];
        }

        string path = Pick(s_linkHosts) + new string(id);
        string uri = "https://" + path;

        // The Bluesky app shortens long links in the text and keeps the full address in the facet.
        string shown = path.Length > 30 ? string.Concat(path.AsSpan(0, 27), "...") : path;
        draft.Facets.Add(new FacetSpan(FacetKind.Link, draft.Text.Length, draft.Text.Length + shown.Length, uri));
        draft.Text.Append(shown);
        draft.LinkUri = uri;
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];
}
