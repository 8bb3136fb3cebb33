namespace Parapet.Tests.Server;

/// <summary>Posts about the sample watchlist's fictional organizations, as the real analyzer reads them.</summary>
internal static class Threats
{
    public const string Knife = "I will hurt Superintendent Rosa Delgado-Finch. I know her car, I know her street, and Thursday night I'm coming with a knife.";

    public const string Bomb = "i'm gonna blow up Linnet Elementary friday morning during the assembly. it's built and it's in my trunk.";

    /// <summary>A threat whose text is also markup: it must show as text wherever it is shown.</summary>
    public const string Markup = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> I will hurt Superintendent Rosa Delgado-Finch, Thursday night I'm coming with a knife.";

    /// <summary>Harsh, protected speech: criticism and a call to resign. Never an alert.</summary>
    public const string Criticism = "Superintendent Rosa Delgado-Finch is a disgrace and Brackwater Unified should fire her. Resign now!";
}
