namespace Parapet.Nats;

internal static class Headers
{
    /// <summary>The source the line came from (its cursor's name).</summary>
    public const string Source = "Parapet-Source";

    /// <summary>Unix milliseconds when ingest published the line, for the end-to-end latency.</summary>
    public const string Ingested = "Parapet-Ingested";
}
