// Units and the community around them (src/units, src/community): the lookup keys their reads
// use beyond those of 0002 (which already indexes COVERS, LOCATED_IN and HOLDS_SEAT).

// "As of D": validity of the relations that unit and community navigation walks.
CREATE INDEX work_covered_by_valid_from IF NOT EXISTS FOR ()-[r:WORK_COVERED_BY]-() ON (r.validFrom);
CREATE INDEX convened_by_valid_from IF NOT EXISTS FOR ()-[r:CONVENED_BY]-() ON (r.validFrom);
CREATE INDEX serves_valid_from IF NOT EXISTS FOR ()-[r:SERVES]-() ON (r.validFrom);
CREATE INDEX party_valid_from IF NOT EXISTS FOR ()-[r:PARTY]-() ON (r.validFrom);
CREATE INDEX with_valid_from IF NOT EXISTS FOR ()-[r:WITH]-() ON (r.validFrom);
CREATE INDEX organised_by_valid_from IF NOT EXISTS FOR ()-[r:ORGANISED_BY]-() ON (r.validFrom);
CREATE INDEX based_in_valid_from IF NOT EXISTS FOR ()-[r:BASED_IN]-() ON (r.validFrom);
CREATE INDEX facility_of_valid_from IF NOT EXISTS FOR ()-[r:FACILITY_OF]-() ON (r.validFrom);

// The list filters: facilities by kind, cultural teams by genre.
CREATE INDEX facility_kind IF NOT EXISTS FOR (n:Facility) ON (n.kind);
CREATE INDEX cultural_team_genre IF NOT EXISTS FOR (n:CulturalTeam) ON (n.genre);
