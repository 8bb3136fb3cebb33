namespace Parapet.Analysis.Vader;

/// <summary>
/// VADER's <c>polarity_scores</c> for one text. <see cref="Negative"/>, <see cref="Neutral"/> and
/// <see cref="Positive"/> are the shares of the text in each class, rounded to 3 decimals (they sum to 1 give or
/// take that rounding, and are all 0 for text without words); <see cref="Compound"/> is the normalized sum of
/// valences in [-1, 1], rounded to 4 decimals.
/// </summary>
public readonly record struct VaderScores(double Negative, double Neutral, double Positive, double Compound);
