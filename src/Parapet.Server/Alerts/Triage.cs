using Parapet.Storage;

namespace Parapet.Server.Alerts;

/// <summary>One place that checks and applies a triage action, for the API and the alert page alike, and audits it.</summary>
internal sealed class Triage(AlertRecords alerts, AuditLog audit, IEnumerable<ITriageListener> listeners)
{
    public static readonly IReadOnlyList<string> Actions = ["acknowledge", "assign", "escalate", "dismiss", "reopen", "note"];
    public const int MaxNoteLength = 4000;

    public abstract record Outcome
    {
        public sealed record Done(AlertRecord Alert) : Outcome;
        public sealed record Invalid(string Field, string Message) : Outcome;
        public sealed record NotFound : Outcome;
    }

    public Outcome Apply(string actor, long id, string? action, string? detail)
    {
        detail = string.IsNullOrWhiteSpace(detail) ? null : detail.Trim();
        var invalid = action switch
        {
            null or "" => new Outcome.Invalid("action", $"action is one of {string.Join(", ", Actions)}"),
            _ when !Actions.Contains(action) => new Outcome.Invalid("action", $"action is one of {string.Join(", ", Actions)}"),
            "dismiss" when detail is null || !AlertRecords.DismissReasons.Contains(detail) =>
                new Outcome.Invalid("detail", $"a dismissal needs a reason: {string.Join(", ", AlertRecords.DismissReasons)}"),
            "assign" when detail is null || detail.Length > 64 || detail.Any(char.IsControl) =>
                new Outcome.Invalid("detail", "assign needs the name of the person (at most 64 characters)"),
            "note" when detail is null || detail.Length > MaxNoteLength =>
                new Outcome.Invalid("detail", $"a note has 1 to {MaxNoteLength} characters"),
            _ => null,
        };
        if (invalid is not null)
        {
            return invalid;
        }

        if (!alerts.Apply(id, actor, action!, action is "acknowledge" or "escalate" or "reopen" ? null : detail) || alerts.Get(id) is not { } alert)
        {
            return new Outcome.NotFound();
        }

        audit.Append(actor, $"alert.{action}", $"alert:{id}", action is "note" ? $"{detail!.Length} characters" : detail);
        foreach (var listener in listeners)
        {
            listener.Triaged(alert, action!, actor);
        }

        return new Outcome.Done(alert);
    }
}

/// <summary>Told of each triage action once it is stored (webhooks listen for escalations).</summary>
internal interface ITriageListener
{
    void Triaged(AlertRecord alert, string action, string actor);
}
