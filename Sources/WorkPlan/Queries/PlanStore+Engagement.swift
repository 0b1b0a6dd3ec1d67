import SQLite

extension PlanStore {
    /// The lead and partners beyond the GMG of the versions holding on ?1 of the activities in
    /// the plan then (of group ?2, or all): from the few such agencies (CROSS JOIN keeps that
    /// order) to their versions by index, never a scan of every partner.
    static let engagementSQL = """
        SELECT g.code, a.number, a.title, ag.code, ag.name, ag.kind
        FROM (SELECT p.version_id, p.agency_id FROM agency x CROSS JOIN version_partner p ON p.agency_id = x.id
              WHERE x.kind <> \(AgencyKind.gmgMember.sql)
              UNION
              SELECT v.id, v.lead_agency_id FROM agency x CROSS JOIN activity_version v ON v.lead_agency_id = x.id
              WHERE x.kind <> \(AgencyKind.gmgMember.sql)) s
        JOIN activity_version v ON v.id = s.version_id AND \(versionAsOfSQL)
        JOIN activity a ON a.id = v.activity_id
        JOIN work_group g ON g.id = a.group_id
        JOIN agency ag ON ag.id = s.agency_id
        WHERE \(activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)
        ORDER BY g.id, a.number, ag.code
        """

    /// Per group (all, or `group`'s id), its activities in the plan as of ?1 and those whose lead
    /// or partners as of ?1 include an agency that is not a GMG member.
    func engagement(asOf: Day, groupID: SQLiteValue, groups: [(code: String, name: String, activities: Int)]) throws -> Engagement {
        let parameters: [SQLiteValue] = [.text(asOf.description), groupID]
        var engaged: [String: [EngagedActivity]] = [:]
        var current: (group: String, ref: ActivityRef, title: String, agencies: [Agency])?
        func flush() {
            guard let current else { return }
            engaged[current.group, default: []].append(EngagedActivity(ref: current.ref, title: current.title, stakeholders: current.agencies))
        }
        try db.cachedStatement(PlanStore.engagementSQL).forEachRow(parameters) { row in
            let ref = ActivityRef(group: row.string(0), number: row.int(1))
            let agency = Agency(code: row.string(3), name: row.string(4), kind: AgencyKind(rawValue: row.string(5)) ?? .other)
            if current?.ref == ref {
                current?.agencies.append(agency)
            } else {
                flush()
                current = (row.string(0), ref, row.string(2), [agency])
            }
        }
        flush()
        return Engagement(groups: groups.map {
            GroupEngagement(code: $0.code, name: $0.name, activities: $0.activities, engaged: engaged[$0.code] ?? [])
        })
    }
}
