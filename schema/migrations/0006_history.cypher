// History (docs/MODEL.md, "Merger operations"): change events and their lineage links.
// ORIGINAL and RESULTING are undated and walked from their nodes; only the events themselves need keys.

// "What changed between two dates": change events by date, and by kind.
CREATE INDEX change_event_date IF NOT EXISTS FOR (n:ChangeEvent) ON (n.date);
CREATE INDEX change_event_kind IF NOT EXISTS FOR (n:ChangeEvent) ON (n.kind);
