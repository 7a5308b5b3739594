import GRDB
import Storage

/// A statement whose named columns the reader resolves to indexes once, then reads every row by index: what
/// `CommuneRecord` and `PractitionerActivityRecord` do on the tables every command reads whole (looking a name up
/// for each row and column was a third of the read).
struct ResolvedStatement {
    let statement: Statement
    /// Names the table in errors.
    let table: String

    init(_ db: Database, sql: String, arguments: StatementArguments, table: String) throws {
        statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        self.table = table
    }

    /// The index of a column the query must select.
    func index(_ column: Column) throws -> Int {
        guard let index = statement.index(ofColumn: column.name) else { throw StorageError.corrupt("\(table) query without column \(column.name)") }
        return index
    }

    /// The index of a column the query may select.
    func optionalIndex(_ column: Column) -> Int? { statement.index(ofColumn: column.name) }

    func rows() throws -> RowCursor { try Row.fetchCursor(statement) }
}
