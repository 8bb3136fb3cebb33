using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit;
using Shapes = Parapet.Tests.JetstreamShapes;

namespace Parapet.Tests.Cli;

/// <summary><c>classify</c> and <c>run</c> on raw Jetstream events that reply to, mention or name a watched organization's own accounts.</summary>
public sealed class AccountsTests : IDisposable
{
    private const string AgencyDid = "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d";
    private const string SchoolsDid = "did:plc:b7cnk2mrf4wqyxtd3ja6vsle";
    private const string PosterDid = "did:plc:q235v55g5unth4zjjdpacfdr";
    private const string OtherDid = "did:plc:j76trmiofvaxxpvx2vnb2vwf";

    private readonly TempDirectory _temp = new();
    private readonly string _watchlist;

    public AccountsTests()
    {
        _watchlist = _temp.File("watchlist.yaml");
        File.WriteAllText(_watchlist, $"""
            profiles:
              - id: hea
                name: Harbor Enforcement Agency
                aliases: ["Harbor Enforcement Agency"]
                accounts: ["{AgencyDid}"]
              - id: busd
                name: Brackwater Unified School District
                accounts: ["@brackwaterschools.bsky.social"]
            """);
    }

    public void Dispose() => _temp.Dispose();

    private string Input(params string[] lines)
    {
        var path = _temp.File($"input-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static List<JsonElement> Json(ProcessResult result) =>
        [.. result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public void Classify_ReplyToWatchedAccount_AlertsAndShowsTheEarlierParentAsContext()
    {
        var parent = Shapes.Post(AgencyDid, "3mmojbrjwbs26", "Our field office opens Monday at 9.");
        var input = Input(
            parent,
            Shapes.Post(PosterDid, "3r1", "you're dead", replyTo: Shapes.PostUri(AgencyDid, "3mmojbrjwbs26"), timeUs: 1779719009157120),
            Shapes.Post(PosterDid, "3r2", "you're dead", replyTo: Shapes.PostUri(OtherDid, "3mmojbrjwbs26"), timeUs: 1779719009157121),
            Shapes.Post(PosterDid, "3r3", "you should resign, you're a disgrace", replyTo: Shapes.PostUri(AgencyDid, "3mmojbrjwbs26"), timeUs: 1779719009157122));

        var result = ParapetProcess.Run(["classify", "--watchlist", _watchlist, "--input", input, "--matched-only"]);

        Assert.Equal(0, result.ExitCode);
        var lines = Json(result);
        Assert.Equal([Shapes.PostUri(PosterDid, "3r1"), Shapes.PostUri(PosterDid, "3r3")], lines.Select(l => l.GetProperty("id").GetString()));
        var threat = lines[0];
        Assert.True(threat.GetProperty("alert").GetBoolean(), result.ToString());
        Assert.StartsWith($"reply to {AgencyDid}'s post: second-person threat", threat.GetProperty("threat").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        var via = Assert.Single(threat.GetProperty("via").EnumerateArray());
        Assert.Equal(("hea", "reply", AgencyDid), (via.GetProperty("entity").GetString(), via.GetProperty("how").GetString(), via.GetProperty("account").GetString()));
        Assert.Equal("Our field office opens Monday at 9.", threat.GetProperty("in_reply_to").GetProperty("text").GetString());
        Assert.Equal(Shapes.PostUri(AgencyDid, "3mmojbrjwbs26"), threat.GetProperty("in_reply_to").GetProperty("id").GetString());
        Assert.False(lines[1].GetProperty("alert").GetBoolean());
        Assert.Equal(["hea"], lines[1].GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Classify_ParentAfterTheReply_IsNotItsContext()
    {
        var input = Input(
            Shapes.Post(PosterDid, "3r1", "you're dead", replyTo: Shapes.PostUri(AgencyDid, "3p")),
            Shapes.Post(AgencyDid, "3p", "Our field office opens Monday at 9."));

        var result = ParapetProcess.Run(["classify", "--watchlist", _watchlist, "--input", input, "--matched-only"]);

        var line = Assert.Single(Json(result));
        Assert.True(line.GetProperty("alert").GetBoolean());
        Assert.False(line.TryGetProperty("in_reply_to", out _));
    }

    [Fact]
    public void Run_IdentityEventsBindAHandleAndAHandleChangeKeepsTheMatch()
    {
        var replay = Input(
            Shapes.Identity(SchoolsDid, "brackwaterschools.bsky.social", timeUs: 1795200000000001),
            Shapes.Identity(SchoolsDid, "busd-official.bsky.social", timeUs: 1795200000000002),
            Shapes.Post(PosterDid, "3r1", "watch your back", replyTo: Shapes.PostUri(SchoolsDid, "3p"), timeUs: 1795200000000003));

        var result = ParapetProcess.Run(["run", "--watchlist", _watchlist, "--source", $"replay:{replay}", "--db", _temp.File("p.db"), "--once", "--handle-service", "off"],
            workingDirectory: _temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, ParapetRun.NewAlerts(result));
        Assert.Contains("reply to @busd-official.bsky.social's post: second-person threat", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReplyToTheAgencysEarlierPost_ShowsThatPostWithTheAlertAndStoresIt()
    {
        var replay = Input(
            Shapes.Post(AgencyDid, "3p", "Our field office opens Monday at 9.", timeUs: 1795200000000001),
            Shapes.Post(PosterDid, "3r1", "I'll find you", replyTo: Shapes.PostUri(AgencyDid, "3p"), timeUs: 1795200000000002));
        var db = _temp.File("p.db");

        var result = ParapetProcess.Run(["run", "--watchlist", _watchlist, "--source", $"replay:{replay}", "--db", db, "--once", "--handle-service", "off"],
            workingDirectory: _temp.Path);

        Assert.Equal(1, ParapetRun.NewAlerts(result));
        Assert.Contains("in reply to “Our field office opens Monday at 9.”", result.Stdout, StringComparison.Ordinal);
        using var store = StoreFile.Open(db);
        Assert.Equal("Our field office opens Monday at 9.", StoreFile.Scalar<string>(store, "SELECT context_text FROM alerts"));
        Assert.Equal(0L, StoreFile.Scalar<long>(store, "SELECT COUNT(*) FROM posts WHERE text LIKE 'Our field office%'"));
    }

    [Fact]
    public void IngestThenAnalyze_IdentityEventThenReply_AlertsForTheWatchedHandle()
    {
        using var nats = new NatsServer(_temp.File("jetstream"));
        var input = Input(
            Shapes.Identity(SchoolsDid, "brackwaterschools.bsky.social", timeUs: 1795200000000001),
            Shapes.Post(PosterDid, "3r1", "watch your back", replyTo: Shapes.PostUri(SchoolsDid, "3p"), timeUs: 1795200000000002),
            Shapes.Post(PosterDid, "3r2", "watch your back", replyTo: Shapes.PostUri(OtherDid, "3p"), timeUs: 1795200000000003));
        var timeout = TimeSpan.FromMinutes(3);

        var ingest = ParapetProcess.Run(["ingest", "--source", $"replay:{input}", "--nats", nats.Url, "--db", _temp.File("ingest.db")],
            timeout: timeout, workingDirectory: _temp.Path);
        var analyze = ParapetProcess.Run(["analyze", "--watchlist", _watchlist, "--nats", nats.Url, "--db", _temp.File("p.db"), "--exit-when-idle", "2",
            "--handle-service", "off"], timeout: timeout, workingDirectory: _temp.Path);

        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.True(analyze.ExitCode == 0, analyze.ToString());
        Assert.Contains(" 1 matched, 1 new alerts", analyze.Stdout, StringComparison.Ordinal);
        Assert.Contains("reply to @brackwaterschools.bsky.social's post: second-person threat", analyze.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithoutAnyWayToResolveTheHandle_DoesNotMatch()
    {
        var replay = Input(Shapes.Post(PosterDid, "3r1", "watch your back", replyTo: Shapes.PostUri(SchoolsDid, "3p")));

        var result = ParapetProcess.Run(["run", "--watchlist", _watchlist, "--source", $"replay:{replay}", "--db", _temp.File("p.db"), "--once", "--handle-service", "off"],
            workingDirectory: _temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, ParapetRun.NewAlerts(result));
    }

    [Fact]
    public async Task Run_HandleResolvedAtStartUp_MatchesRepliesToIt()
    {
        await using var xrpc = await Xrpc.StartAsync(handle => handle == "brackwaterschools.bsky.social"
            ? (200, $$"""{"did":"{{SchoolsDid}}"}""")
            : (400, """{"error":"InvalidRequest","message":"Unable to resolve handle"}"""));
        var replay = Input(Shapes.Post(PosterDid, "3r1", "te vamos a encontrar", replyTo: Shapes.PostUri(SchoolsDid, "3p")));

        var result = await Task.Run(() => ParapetProcess.Run(
            ["run", "--watchlist", _watchlist, "--source", $"replay:{replay}", "--db", _temp.File("p.db"), "--once", "--handle-service", xrpc.Url],
            workingDirectory: _temp.Path));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["brackwaterschools.bsky.social"], xrpc.Asked);
        Assert.Equal(1, ParapetRun.NewAlerts(result));
    }

    [Fact]
    public async Task Run_HandleResolutionFails_WarnsAndKeepsRunning()
    {
        await using var xrpc = await Xrpc.StartAsync(_ => (502, "Bad Gateway"));
        var replay = Input(Shapes.Post(PosterDid, "3r1", "you're dead", replyTo: Shapes.PostUri(AgencyDid, "3p")));

        var result = await Task.Run(() => ParapetProcess.Run(
            ["run", "--watchlist", _watchlist, "--source", $"replay:{replay}", "--db", _temp.File("p.db"), "--once", "--handle-service", xrpc.Url],
            workingDirectory: _temp.Path));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("@brackwaterschools.bsky.social could not be resolved", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("HTTP 502", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, ParapetRun.NewAlerts(result));
    }

    [Fact]
    public void Run_HandleServiceOverPlainHttp_IsAUsageError()
    {
        var replay = Input(Shapes.Post(PosterDid, "3r1", "hi"));

        var result = ParapetProcess.Run(["run", "--watchlist", _watchlist, "--source", $"replay:{replay}", "--db", _temp.File("p.db"), "--once",
            "--handle-service", "http://public.api.bsky.app"], workingDirectory: _temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must use HTTPS", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A loopback XRPC server answering <c>com.atproto.identity.resolveHandle</c>, speaking plain HTTP/1.1.</summary>
    private sealed class Xrpc : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly List<string> _asked = [];

        private Xrpc(TcpListener listener, Func<string, (int Status, string Body)> answer)
        {
            _listener = listener;
            _loop = Task.Run(() => LoopAsync(answer));
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public IReadOnlyList<string> Asked
        {
            get { lock (_asked) { return [.. _asked]; } }
        }

        public static Task<Xrpc> StartAsync(Func<string, (int Status, string Body)> answer)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new Xrpc(listener, answer));
        }

        private async Task LoopAsync(Func<string, (int Status, string Body)> answer)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                    var requestLine = await reader.ReadLineAsync() ?? "";
                    while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
                    {
                    }

                    var target = requestLine.Split(' ').ElementAtOrDefault(1) ?? "";
                    var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
                    var handle = query.Split('&').Select(p => p.Split('=')).Where(p => p[0] == "handle").Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault() ?? "";
                    var (status, body) = target.StartsWith("/xrpc/com.atproto.identity.resolveHandle?", StringComparison.Ordinal) ? answer(handle) : (404, "not found");
                    lock (_asked)
                    {
                        _asked.Add(handle);
                    }

                    var bytes = Encoding.UTF8.GetBytes(body);
                    var head = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                    await stream.WriteAsync(bytes);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
