using System.Globalization;
using System.Text.Json;
using Parapet.Analysis.Models;
using Parapet.Analysis.Threats;
using Parapet.Text;
using Parapet.Watchlists;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet train [--data DIR] [--corpus DIR] [--out DIR] [--only threat|sentiment] [--scores FILE]</c>: trains the
/// threat and sentiment models from the repository's corpus and the public datasets, deterministically, and writes
/// them where the build embeds them. <c>--scores</c> saves the threat model's out-of-fold scores of every training
/// example as TSV, to see which kinds of post it misses or mistakes.
/// Nothing held out is read: not <c>corpus/threats/heldout.jsonl</c>, not TweetEval test, not HateCheck.
/// </summary>
internal static class TrainCommand
{
    private const int Seed = 20261129;
    private const int Folds = 5;

    /// <summary>Most alerts a threshold may raise on the protected examples of the development folds.</summary>
    private const double MaxDevFalseAlerts = 0.01;

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--data", "--corpus", "--out", "--only", "--scores"], []);
        var only = args.Value("--only");
        if (only is not (null or "threat" or "sentiment"))
        {
            throw new UsageException($"--only takes 'threat' or 'sentiment', not '{only}'");
        }

        var root = RepositoryPaths.Root() ?? Directory.GetCurrentDirectory();
        var data = args.Value("--data") ?? Path.Combine(root, "..", "shared", "data");
        var corpus = args.Value("--corpus") ?? Path.Combine(root, "corpus");
        var output = args.Value("--out") ?? ModelResources.SourceFolder(root);
        if (!Directory.Exists(data))
        {
            throw new UsageException($"no labeled data at '{data}'; pass --data DIR (the folder holding tweeteval/, semeval2013-2016/, davidson/)");
        }

        Directory.CreateDirectory(output);
        if (only is null or "threat")
        {
            TrainThreat(data, corpus, output, args.Value("--scores"));
        }

        if (only is null or "sentiment")
        {
            TrainSentiment(data, corpus, output);
        }

        Console.WriteLine($"models written to {output}; rebuild to embed them");
        return 0;
    }

    private static void TrainThreat(string data, string corpus, string output, string? scores)
    {
        var written = Directory.GetFiles(Path.Combine(corpus, "threats"), "train*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<ThreatRow>(l)!)
            .Select(r => (Text: r.text, Threat: r.label == "threat", Org: r.org ?? "", Kind: r.kind ?? ""))
            .ToList();
        var random = new Random(Seed);
        var harsh = HarshNegatives(data, random).ToList();
        Console.WriteLine($"threat: {written.Count} corpus examples ({written.Count(w => w.Threat)} threats), {harsh.Count} harsh negatives");

        var features = ThreatModel.NewFeatures();
        var active = new HashSet<int>();
        int[] Featurize(string text)
        {
            ThreatModel.Featurize(text, features, active);
            return [.. active];
        }

        var corpusX = written.Select(w => Featurize(w.Text)).ToList();
        var harshX = harsh.Select(Featurize).ToList();
        var threats = written.Count(w => w.Threat);
        var threatWeight = (double)(written.Count - threats + harsh.Count) / Math.Max(1, threats) / 2;

        // Out-of-fold scores choose the threshold (ChooseThreshold). Folds split by organization, so the development
        // scores are those of organizations the model never saw, as every user's are.
        var x = corpusX.Concat(harshX).ToList();
        var y = written.Select(w => w.Threat ? 1 : 0).Concat(harshX.Select(_ => 0)).ToList();
        var orgFold = written.Select(w => w.Org).Distinct().Order(StringComparer.Ordinal).Select((org, i) => (org, i % Folds))
            .ToDictionary(p => p.org, p => p.Item2);
        var fold = Enumerable.Range(0, x.Count).Select(i => i < written.Count ? orgFold[written[i].Org] : random.Next(Folds)).ToArray();
        var outOfFold = new double[x.Count];
        for (var k = 0; k < Folds; k++)
        {
            var trainIdx = Enumerable.Range(0, x.Count).Where(i => fold[i] != k).ToList();
            var model = Fit([.. trainIdx.Select(i => x[i])], [.. trainIdx.Select(i => y[i])], threatWeight);
            foreach (var i in Enumerable.Range(0, x.Count).Where(i => fold[i] == k))
            {
                outOfFold[i] = model.Predict(x[i])[0];
            }
        }

        // The detector does not act on every score (counter-speech, no word of violence): a score it drops counts
        // as none, so the threshold and the recall printed are those of the alerts the detector really raises.
        var texts = written.Select(w => w.Text).Concat(harsh).ToList();
        var acting = new double[x.Count];
        var rules = new RuleThreatDetector(new Watchlist([]));
        var normalized = new NormalizedText();
        for (var i = 0; i < x.Count; i++)
        {
            TextNormalizer.Normalize(texts[i], normalized);
            acting[i] = ThreatDetector.ModelMayAlert(texts[i], normalized, outOfFold[i], rules.Detect(normalized, []).IsThreat) ? outOfFold[i] : 0;
        }

        var threshold = ChooseThreshold(acting[..written.Count], [.. written.Select(w => w.Threat)],
            [.. written.Select(w => ThreatKinds.HarshProtected.Contains(w.Kind))], acting[written.Count..]);
        var final = Fit([.. corpusX, .. harshX], [.. written.Select(w => w.Threat ? 1 : 0), .. harshX.Select(_ => 0)], threatWeight);
        final.Threshold = threshold.Value;
        var acts = acting.Select(a => a >= threshold.Value).ToArray();
        var caught = written.Where((w, i) => w.Threat && acts[i]).Count();
        var falseAlerts = written.Where((w, i) => !w.Threat && acts[i]).Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"threat: threshold {threshold.Value:F3}; development folds as the detector acts on the model: recall {(double)caught / Math.Max(1, threats):F3}, alerts on non-threats {(double)falseAlerts / Math.Max(1, written.Count - threats):F3}"));
        Save(final, Path.Combine(output, ModelResources.ThreatFile));
        if (scores is not null)
        {
            var rows = written.Select(w => (w.Org, w.Kind, Label: w.Threat ? "threat" : "none"))
                .Concat(harsh.Select(_ => (Org: "", Kind: "harsh", Label: "none"))).ToList();
            File.WriteAllLines(scores, ["score\tacts\tlabel\tkind\torg\ttext", .. texts.Select((text, i) => string.Create(CultureInfo.InvariantCulture,
                $"{outOfFold[i]:F3}\t{(acts[i] ? 1 : 0)}\t{rows[i].Label}\t{rows[i].Kind}\t{rows[i].Org}\t{text.ReplaceLineEndings(" ").Replace('\t', ' ')}"))]);
            Console.WriteLine($"threat: out-of-fold scores written to {scores}");
        }
    }

    private static LinearModel Fit(List<int[]> x, List<int> y, double threatWeight)
    {
        var model = new LinearModel(1, 1 << ThreatModel.Bits);
        model.Train(x, y, [.. y.Select(label => label == 1 ? threatWeight : 1.0)],
            epochs: 20, learningRate: 1.5, l2: 1e-6, seed: Seed);
        return model;
    }

    /// <summary>
    /// The lowest threshold that keeps false alerts within bounds in each group of non-threats on its own: the
    /// written harsh-but-protected posts, the other written posts (news, idioms, ordinary talk), and the harsh
    /// tweets. A group of easy posts must not buy false alerts for a hard one.
    /// </summary>
    private static (double Value, double Recall, double FalseRate) ChooseThreshold(double[] scores, bool[] threat, bool[] protectedSpeech, double[] harsh)
    {
        static double Bound(IEnumerable<double> negatives)
        {
            var sorted = negatives.OrderDescending().ToArray();
            var allowed = (int)Math.Floor(sorted.Length * MaxDevFalseAlerts);
            return sorted.Length > allowed ? sorted[allowed] + 1e-6 : 0;
        }

        var protectedBound = Bound(scores.Where((_, i) => !threat[i] && protectedSpeech[i]));
        var ordinaryBound = Bound(scores.Where((_, i) => !threat[i] && !protectedSpeech[i]));
        var value = new[] { 0.5, protectedBound, ordinaryBound, Bound(harsh) }.Max();
        var recall = (double)scores.Where((s, i) => threat[i] && s >= value).Count() / Math.Max(1, threat.Count(t => t));
        var falseRate = (double)scores.Where((s, i) => !threat[i] && s >= value).Count() / Math.Max(1, threat.Count(t => !t));
        return (value, recall, falseRate);
    }

    /// <summary>Offensive and hateful tweets that threaten no one: what harsh but protected speech looks like.</summary>
    private static IEnumerable<string> HarshNegatives(string data, Random random)
    {
        var davidson = Csv.Read(Path.Combine(data, "davidson", "labeled_data.csv")).Skip(1)
            .Where(r => r.Count >= 7 && r[5] is "0" or "1").Select(r => r[6]).ToList();
        var offensive = Labeled(Path.Combine(data, "tweeteval", "offensive"), "train", "1");
        var hate = Labeled(Path.Combine(data, "tweeteval", "hate"), "train", "1");
        return Sample(davidson, 3000, random).Concat(Sample(offensive, 2000, random)).Concat(Sample(hate, 2000, random));
    }

    private static List<string> Labeled(string dir, string split, string label)
    {
        var texts = File.ReadAllLines(Path.Combine(dir, $"{split}_text.txt"));
        var labels = File.ReadAllLines(Path.Combine(dir, $"{split}_labels.txt"));
        return [.. texts.Where((_, i) => labels[i].Trim() == label)];
    }

    private static IEnumerable<string> Sample(List<string> items, int count, Random random)
    {
        var copy = items.ToArray();
        random.Shuffle(copy);
        return copy.Take(count);
    }

    private static void TrainSentiment(string data, string corpus, string output)
    {
        // TweetEval's val and test tweets come from the same SemEval collections: neither may be trained on.
        var test = new HashSet<string>(new[] { "test_text.txt", "val_text.txt" }
            .SelectMany(f => File.ReadLines(Path.Combine(data, "tweeteval", "sentiment", f))).Select(Comparable));
        var seen = new HashSet<string>();
        var train = new List<(string Text, int Label)>();
        foreach (var file in Directory.GetFiles(Path.Combine(data, "semeval2013-2016"), "*.tsv").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split('\t');
                if (parts.Length < 3 || SentimentLabel(parts[1]) is not { } label)
                {
                    continue;
                }

                var text = string.Join('\t', parts[2..]).Trim();
                if (text.Length > 0 && !test.Contains(Comparable(text)) && seen.Add(text))
                {
                    train.Add((text, label));
                }
            }
        }

        var spanish = Path.Combine(corpus, "sentiment-es", "train.jsonl");
        var spanishCount = 0;
        if (File.Exists(spanish))
        {
            foreach (var row in File.ReadLines(spanish).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<SentimentRow>(l)!))
            {
                if (SentimentLabel(row.label) is { } label && seen.Add(row.text))
                {
                    // Few Spanish examples among many English ones: each counts as several.
                    for (var copy = 0; copy < 4; copy++)
                    {
                        train.Add((row.text, label));
                    }

                    spanishCount++;
                }
            }
        }

        var valTexts = File.ReadAllLines(Path.Combine(data, "tweeteval", "sentiment", "val_text.txt"));
        var valLabels = File.ReadAllLines(Path.Combine(data, "tweeteval", "sentiment", "val_labels.txt"))
            .Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"sentiment: {train.Count - (spanishCount * 3)} training texts ({spanishCount} Spanish), tuning on {valTexts.Length} TweetEval val");

        var features = ModelSentimentAnalyzer.NewFeatures();
        var active = new HashSet<int>();
        int[] Featurize(string text)
        {
            ModelSentimentAnalyzer.Extract(text, features, active);
            return [.. active];
        }

        var x = train.Select(t => Featurize(t.Text)).ToList();
        var y = train.Select(t => t.Label).ToList();
        var counts = Enumerable.Range(0, 3).Select(c => y.Count(l => l == c)).ToArray();

        // Macro-recall rewards every class equally, so each class weighs the same in training.
        var weights = y.Select(l => (double)y.Count / (3 * counts[l])).ToList();
        var valX = valTexts.Select(Featurize).ToList();
        LinearModel? best = null;
        var bestScore = -1.0;
        foreach (var (epochs, l2) in new[] { (4, 1e-6), (8, 1e-6), (8, 1e-5), (15, 1e-5) })
        {
            var model = new LinearModel(3, 1 << ModelSentimentAnalyzer.Bits);
            model.Train(x, y, weights, epochs, learningRate: 0.1, l2, seed: Seed);
            var score = MacroRecall(valX.Select(v => ArgMax(model.Predict(v))).ToArray(), valLabels);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sentiment: epochs {epochs}, l2 {l2:G2}: val macro-recall {score:F3}"));
            if (score > bestScore)
            {
                (best, bestScore) = (model, score);
            }
        }

        Save(best!, Path.Combine(output, ModelResources.SentimentFile));
    }

    /// <summary>
    /// TweetEval rewrote mentions, links and punctuation of the SemEval tweets it took; texts are compared by
    /// their letters alone, so a rewritten copy is still recognised.
    /// </summary>
    private static string Comparable(string text)
    {
        var withoutLinks = System.Text.RegularExpressions.Regex.Replace(text.ToLowerInvariant(), @"http\S+|@\w+", "");
        return new string([.. withoutLinks.Where(char.IsAsciiLetterLower)]);
    }

    internal static double MacroRecall(int[] predicted, int[] gold) =>
        Enumerable.Range(0, 3).Average(c =>
        {
            var total = gold.Count(g => g == c);
            return total == 0 ? 0 : (double)gold.Where((g, i) => g == c && predicted[i] == c).Count() / total;
        });

    internal static int ArgMax(double[] p) => Array.IndexOf(p, p.Max());

    private static int? SentimentLabel(string label) => label.Trim() switch
    {
        "negative" => 0,
        "neutral" => 1,
        "positive" => 2,
        _ => null,
    };

    private static void Save(LinearModel model, string path)
    {
        using var file = File.Create(path);
        model.Save(file);
        Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1024:N0} KiB)");
    }

#pragma warning disable IDE1006, CA1812 // Field names follow the corpus's JSON.
    private sealed record ThreatRow(string text, string label, string? org, string? kind = null);

    private sealed record SentimentRow(string text, string label);
#pragma warning restore IDE1006, CA1812
}
