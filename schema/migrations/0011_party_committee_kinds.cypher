// Party committees by what they are (issue 14, docs/MODEL.md): own-system committees (公安分局黨委,
// 稅務局黨委…) were stored as COMMUNITY_COMMITTEEs built nowhere; a community committee is built at
// its community. Re-kind the stored data; running it again changes nothing.

// A "community committee" that was never built at any place is an own-system committee.
MATCH (o:Organisation {kind: 'COMMUNITY_COMMITTEE'}) WHERE NOT EXISTS { MATCH (o)-[:BUILT_AT]->(:Place) } SET o.kind = 'SYSTEM_COMMITTEE';

// One built somewhere in the form of a unit is that unit's committee.
MATCH (o:Organisation {kind: 'COMMUNITY_COMMITTEE'}) WHERE o.form = 'UNIT' SET o.kind = 'UNIT_COMMITTEE';
