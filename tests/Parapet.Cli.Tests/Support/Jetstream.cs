using System.Text.Json.Nodes;

namespace Parapet.Tests.Cli;

/// <summary>Builds raw Bluesky Jetstream v1 events in the shapes the <c>/subscribe</c> endpoint sends.</summary>
internal static class Jetstream
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A post create: <c>{"did","time_us","kind":"commit","commit":{"rev","operation":"create","collection","rkey","record":{…},"cid"}}</c>.</summary>
    public static string PostCreate(string did, string rkey, string text, long timeUs, string lang = "en") =>
        new JsonObject
        {
            ["did"] = did,
            ["time_us"] = timeUs,
            ["kind"] = "commit",
            ["commit"] = new JsonObject
            {
                ["rev"] = Rev(timeUs),
                ["operation"] = "create",
                ["collection"] = SampleStream.PostCollection,
                ["rkey"] = rkey,
                ["record"] = new JsonObject
                {
                    ["$type"] = SampleStream.PostCollection,
                    ["createdAt"] = CreatedAt(timeUs),
                    ["langs"] = new JsonArray(lang),
                    ["text"] = text,
                },
                ["cid"] = "bafyreibv3gkzqmiweinyyqbcxtd2ivsc2h7ka5kyu7rrc4ikxpw3gs6gjsa",
            },
        }.ToJsonString();

    /// <summary>A post delete: the same did and rkey, no record and no cid.</summary>
    public static string PostDelete(string did, string rkey, long timeUs) =>
        new JsonObject
        {
            ["did"] = did,
            ["time_us"] = timeUs,
            ["kind"] = "commit",
            ["commit"] = new JsonObject
            {
                ["rev"] = Rev(timeUs),
                ["operation"] = "delete",
                ["collection"] = SampleStream.PostCollection,
                ["rkey"] = rkey,
            },
        }.ToJsonString();

    /// <summary>An account event; <paramref name="active"/> false with a status means deactivated, deleted, suspended…</summary>
    public static string Account(string did, bool active, long timeUs, string? status = "deactivated")
    {
        var account = new JsonObject
        {
            ["active"] = active,
            ["did"] = did,
            ["seq"] = 41207400000 + (timeUs % 100_000),
        };
        if (!active && status is not null)
        {
            account["status"] = status;
        }

        account["time"] = CreatedAt(timeUs);
        return new JsonObject
        {
            ["did"] = did,
            ["time_us"] = timeUs,
            ["kind"] = "account",
            ["account"] = account,
        }.ToJsonString();
    }

    /// <summary>A like of some post: not a post, only here to be skipped.</summary>
    public static string Like(string did, string rkey, string subjectUri, long timeUs) =>
        new JsonObject
        {
            ["did"] = did,
            ["time_us"] = timeUs,
            ["kind"] = "commit",
            ["commit"] = new JsonObject
            {
                ["rev"] = Rev(timeUs),
                ["operation"] = "create",
                ["collection"] = "app.bsky.feed.like",
                ["rkey"] = rkey,
                ["record"] = new JsonObject
                {
                    ["$type"] = "app.bsky.feed.like",
                    ["createdAt"] = CreatedAt(timeUs),
                    ["subject"] = new JsonObject
                    {
                        ["cid"] = "bafyreiaxf7tgbfydx3465sckitq6v564thxe2wwydbi7cwxbxvgssje3em",
                        ["uri"] = subjectUri,
                    },
                },
                ["cid"] = "bafyreidqpc7si3dbimffi64lz3xsx2qt45ip7rpna2qpslcddp23itjjzm",
            },
        }.ToJsonString();

    private static string CreatedAt(long timeUs) =>
        Epoch.AddTicks(timeUs % 1_000_000_000 * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Rev(long timeUs) => "3n3" + (timeUs % 10_000_000_000).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);
}
