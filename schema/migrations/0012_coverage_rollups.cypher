// Coverage roll-ups (src/coverage/rollup.*, docs/ANALYTICS.md "Roll-ups"): bookkeeping, not entities.
// A place's figures from a date on: one point per (place, date); reading a figure is a seek on this.
CREATE CONSTRAINT coverage_rollup_point IF NOT EXISTS FOR (r:CoverageRollup) REQUIRE (r.place, r.date) IS UNIQUE;
// Per place: its contribution, its links signature and the lock of its points.
CREATE CONSTRAINT coverage_source_place IF NOT EXISTS FOR (s:CoverageSource) REQUIRE s.place IS UNIQUE;
