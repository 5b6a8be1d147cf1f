// People (docs/MODEL.md): members, beneficiaries and pairings — personal data — and their dated links.
// MEMBER_OF's validFrom index is in 0002_entities. Community edition: range indexes only.

// Filters of the members, beneficiaries and pairings lists.
CREATE INDEX member_status IF NOT EXISTS FOR (n:Member) ON (n.status);
CREATE INDEX beneficiary_kind IF NOT EXISTS FOR (n:Beneficiary) ON (n.kind);
CREATE INDEX pairing_kind IF NOT EXISTS FOR (n:Pairing) ON (n.kind);

// "As of D" on the links that tie a person to places, units and pairings (scope checks walk them).
CREATE INDEX resides_in_valid_from IF NOT EXISTS FOR ()-[r:RESIDES_IN]-() ON (r.validFrom);
CREATE INDEX registered_with_valid_from IF NOT EXISTS FOR ()-[r:REGISTERED_WITH]-() ON (r.validFrom);
CREATE INDEX employed_by_valid_from IF NOT EXISTS FOR ()-[r:EMPLOYED_BY]-() ON (r.validFrom);
CREATE INDEX lives_in_valid_from IF NOT EXISTS FOR ()-[r:LIVES_IN]-() ON (r.validFrom);
CREATE INDEX helper_valid_from IF NOT EXISTS FOR ()-[r:HELPER]-() ON (r.validFrom);
CREATE INDEX helps_valid_from IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.validFrom);
