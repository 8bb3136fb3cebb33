using System.IO.Compression;

namespace Parapet.Analysis.Models;

/// <summary>
/// A multinomial logistic regression over hashed binary features (one class: a sigmoid over its score).
/// Trained with AdaGrad; stored as half-precision weights, gzip-compressed.
/// </summary>
public sealed class LinearModel
{
    private const string Magic = "PARAPET-LM1";
    private readonly float[][] _weights;

    public LinearModel(int classes, int dimensions)
    {
        _weights = [.. Enumerable.Range(0, classes).Select(_ => new float[dimensions])];
    }

    public int Classes => _weights.Length;

    /// <summary>The decision threshold chosen when the model was trained (one-class models).</summary>
    public double Threshold { get; set; } = 0.5;
    public int Dimensions => _weights[0].Length;

    public float Weight(int cls, int feature) => _weights[cls][feature];

    /// <summary>Class probabilities; for a one-class model, [P(class)].</summary>
    public double[] Predict(IReadOnlyCollection<int> features)
    {
        var scale = 1 / Math.Sqrt(Math.Max(1, features.Count));
        var scores = new double[Classes];
        for (var c = 0; c < Classes; c++)
        {
            var w = _weights[c];
            var sum = 0.0;
            foreach (var f in features)
            {
                sum += w[f];
            }

            scores[c] = sum * scale;
        }

        if (Classes == 1)
        {
            return [1 / (1 + Math.Exp(-scores[0]))];
        }

        var max = scores.Max();
        var total = 0.0;
        for (var c = 0; c < Classes; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            total += scores[c];
        }

        for (var c = 0; c < Classes; c++)
        {
            scores[c] /= total;
        }

        return scores;
    }

    /// <summary>
    /// Trains in place. <paramref name="labels"/> are class indexes (0/1 for a one-class model); weights scale
    /// each example's loss. Deterministic for a given seed.
    /// </summary>
    public void Train(IReadOnlyList<int[]> examples, IReadOnlyList<int> labels, IReadOnlyList<double> weights,
        int epochs, double learningRate, double l2, int seed)
    {
        var g2 = _weights.Select(w => new float[w.Length]).ToArray();
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var features = examples[i];
                var p = Predict(features);
                var scale = 1 / Math.Sqrt(Math.Max(1, features.Length));
                for (var c = 0; c < Classes; c++)
                {
                    var target = Classes == 1 ? labels[i] : labels[i] == c ? 1 : 0;
                    var gradient = (p[c] - target) * weights[i] * scale;
                    var w = _weights[c];
                    var g = g2[c];
                    foreach (var f in features)
                    {
                        var grad = gradient + (l2 * w[f]);
                        g[f] += (float)(grad * grad);
                        w[f] -= (float)(learningRate * grad / (Math.Sqrt(g[f]) + 1e-8));
                    }
                }
            }
        }
    }

    public void Save(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(Classes);
        writer.Write(Dimensions);
        writer.Write(Threshold);
        foreach (var w in _weights)
        {
            foreach (var value in w)
            {
                writer.Write((Half)value);
            }
        }
    }

    public static LinearModel Load(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(new BufferedStream(gzip, 1 << 16));
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException("not a Parapet model file");
        }

        var model = new LinearModel(reader.ReadInt32(), reader.ReadInt32()) { Threshold = reader.ReadDouble() };
        foreach (var w in model._weights)
        {
            for (var f = 0; f < w.Length; f++)
            {
                w[f] = (float)reader.ReadHalf();
            }
        }

        return model;
    }
}
