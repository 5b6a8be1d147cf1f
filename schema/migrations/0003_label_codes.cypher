// Look-ups by code and id name the entity's own label (MATCH (p:Place {code: $code})): a range
// index per label lets the planner seek on them directly instead of scanning the label.
// (Uniqueness over all entities is the job of the :Entity constraints in 0002.)
CREATE INDEX place_code IF NOT EXISTS FOR (n:Place) ON (n.code);
CREATE INDEX organisation_code IF NOT EXISTS FOR (n:Organisation) ON (n.code);
CREATE INDEX unit_code IF NOT EXISTS FOR (n:Unit) ON (n.code);
CREATE INDEX council_code IF NOT EXISTS FOR (n:Council) ON (n.code);
CREATE INDEX co_building_agreement_code IF NOT EXISTS FOR (n:CoBuildingAgreement) ON (n.code);
CREATE INDEX volunteer_team_code IF NOT EXISTS FOR (n:VolunteerTeam) ON (n.code);
CREATE INDEX cultural_team_code IF NOT EXISTS FOR (n:CulturalTeam) ON (n.code);
CREATE INDEX facility_code IF NOT EXISTS FOR (n:Facility) ON (n.code);
CREATE INDEX member_code IF NOT EXISTS FOR (n:Member) ON (n.code);
CREATE INDEX beneficiary_code IF NOT EXISTS FOR (n:Beneficiary) ON (n.code);
CREATE INDEX pairing_code IF NOT EXISTS FOR (n:Pairing) ON (n.code);
CREATE INDEX change_event_code IF NOT EXISTS FOR (n:ChangeEvent) ON (n.code);
CREATE INDEX place_id IF NOT EXISTS FOR (n:Place) ON (n.id);
CREATE INDEX organisation_id IF NOT EXISTS FOR (n:Organisation) ON (n.id);
CREATE INDEX unit_id IF NOT EXISTS FOR (n:Unit) ON (n.id);
