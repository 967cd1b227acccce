namespace OAuthGuard.Findings;

/// <summary>How serious a finding is. Ordered: a larger value is more severe.</summary>
public enum Severity
{
    /// <summary>Nothing at all; used as a threshold meaning "never fail".</summary>
    None = 0,

    /// <summary>Informational: a recommendation, not a weakness.</summary>
    Note = 1,

    /// <summary>A weakness with little impact, or one that compensating controls contain.</summary>
    Low = 2,

    /// <summary>A weakness worth fixing in the normal course of work.</summary>
    Medium = 3,

    /// <summary>A weakness that gives an attacker a real foothold.</summary>
    High = 4,

    /// <summary>A weakness that hands an attacker long-lived access; fix before merging.</summary>
    Critical = 5,
}
