import GRDB
import Storage
import Territory

/// Reads `cpts` with its `cpts_commune` memberships, one row per CPTS (the codes joined by SQLite), by column index
/// (`ResolvedStatement`): every command reads the 25 000 memberships of a national import, and a row per
/// membership cost more than the commands' answers.
enum CPTSRecord {
    enum Columns { static let id = Column("id"), name = Column("name"), status = Column("status") }
    /// The CPTS's commune codes joined by ",": INSEE codes hold none.
    static let communeCodes = Column("commune_codes")

    /// Every CPTS (or those `filter`, an SQL condition on `cpts`, keeps) by id (`CPTSPerimeter` sorts its codes).
    static func fetchAll(_ db: Database, filter: String? = nil, arguments: StatementArguments = StatementArguments()) throws -> [CPTSPerimeter] {
        let resolved = try ResolvedStatement(db, sql: """
            SELECT id, name, status, (SELECT group_concat(commune_code, ',') FROM cpts_commune WHERE cpts_id = cpts.id) AS commune_codes
            FROM cpts \(filter.map { "WHERE " + $0 } ?? "") ORDER BY id
            """, arguments: arguments, table: "cpts")
        let (id, name, status) = (try resolved.index(Columns.id), try resolved.index(Columns.name), try resolved.index(Columns.status))
        let codes = try resolved.index(communeCodes)
        return try Array(resolved.rows().map { row in
            let cptsID: String = row[id], statusText: String = row[status]
            guard let cptsStatus = CPTSStatus(rawValue: statusText) else {
                throw StorageError.corrupt("cpts \(cptsID) has unknown status '\(statusText)'")
            }
            let joined: String? = row[codes]
            return CPTSPerimeter(id: cptsID, name: row[name], status: cptsStatus,
                                 communeCodes: joined.map(JoinedCodes.split) ?? [])
        })
    }
}
