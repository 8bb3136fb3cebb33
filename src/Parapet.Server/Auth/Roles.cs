namespace Parapet.Server.Auth;

/// <summary>
/// The roles and what each may do. A viewer sees aggregates and reports; an analyst works the queue; a supervisor
/// also exports and edits watchlists; an auditor reads the audit log; an admin may do everything.
/// </summary>
internal static class Roles
{
    public const string Viewer = "viewer", Analyst = "analyst", Supervisor = "supervisor", Auditor = "auditor", Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Analyst, Supervisor, Auditor, Admin];

    /// <summary>Policy names, each the set of roles that holds it.</summary>
    public static class Policies
    {
        public const string ReadAlerts = "alerts.read", Triage = "alerts.triage", Export = "alerts.export",
            EditWatchlists = "watchlists.edit", ReadAudit = "audit.read", ManageWebhooks = "webhooks.manage";
    }

    public static readonly IReadOnlyDictionary<string, string[]> PolicyRoles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Policies.ReadAlerts] = [Analyst, Supervisor, Admin],
        [Policies.Triage] = [Analyst, Supervisor, Admin],
        [Policies.Export] = [Supervisor, Admin],
        [Policies.EditWatchlists] = [Supervisor, Admin],
        [Policies.ReadAudit] = [Auditor, Admin],
        [Policies.ManageWebhooks] = [Admin],
    };
}
