import GRDB
import GRDBSQLite
import Storage

/// Inserts many rows into one table inside the caller's transaction, `rowsPerStatement` rows per execution of a
/// multi-row `INSERT … VALUES (…), (…)`, values bound with SQLite's C API.
///
/// Why not `Statement.execute(arguments:)` once per row: for the 2.3 M rows of a national RPPS extract, GRDB's
/// `StatementArguments` box every value and copy every string twice (SQLite's own bind once more), and each
/// execution of a statement on a table with `AUTOINCREMENT` rewrites `sqlite_sequence` — together most of the
/// import's time.
///
/// ```swift
/// let insert = try SQLiteBulkInsert(db, table: "pharmacy", columns: ["finess", "name"])
/// try insert.insert(pharmacies) { p, row in row.bind(p.finess); row.bind(p.name) }
/// ```
final class SQLiteBulkInsert {
    private let db: Database
    private let table: String
    private let columns: [String]
    private let rowsPerStatement: Int
    /// The statement of `rowsPerStatement` rows, and that of one row (for the rest of a batch).
    private let many: Statement
    private let one: Statement

    init(_ db: Database, table: String, columns: [String], rowsPerStatement: Int = 64) throws {
        self.db = db
        self.table = table
        self.columns = columns
        self.rowsPerStatement = rowsPerStatement
        let head = "INSERT INTO \(table.quotedDatabaseIdentifier) (\(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) VALUES "
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        many = try db.makeStatement(sql: head + Array(repeating: row, count: rowsPerStatement).joined(separator: ", "))
        one = try db.makeStatement(sql: head + row)
    }

    /// Reused from statement to statement.
    private var binder = SQLiteRowBinder()

    /// Inserts `records`, `bind` giving each one's values in the order of `columns`.
    func insert<Record>(_ records: [Record], bind: (Record, inout SQLiteRowBinder) -> Void) throws {
        var start = records.startIndex
        while records.endIndex - start >= rowsPerStatement {
            for record in records[start..<(start + rowsPerStatement)] { bind(record, &binder) }
            try step(many, rows: rowsPerStatement)
            start += rowsPerStatement
        }
        for record in records[start...] {
            bind(record, &binder)
            try step(one, rows: 1)
        }
    }

    private func step(_ statement: Statement, rows: Int) throws {
        precondition(binder.count == rows * columns.count, "\(table): \(binder.count) values bound for \(rows) rows of \(columns.count) columns")
        let handle = statement.sqliteStatement
        let code = binder.withValuesBound(to: handle) { sqlite3_step(handle) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
    }
}

/// The values of consecutive rows, in the order of a statement's parameters. Text is gathered in one buffer and
/// bound in place (SQLITE_STATIC) for the time of one step, rather than copied by SQLite value by value.
struct SQLiteRowBinder {
    private enum Value {
        case text(start: Int, count: Int)
        case real(Double)
        case integer(Int64)
        case null
    }
    private var values: [Value] = []
    private var texts: [UInt8] = []

    var count: Int { values.count }

    mutating func bind(_ text: String) {
        let start = texts.count
        if text.utf8.withContiguousStorageIfAvailable({ texts.append(contentsOf: $0) }) == nil { texts.append(contentsOf: text.utf8) }
        values.append(.text(start: start, count: texts.count - start))
    }

    mutating func bind(_ text: String?) {
        if let text { bind(text) } else { values.append(.null) }
    }

    mutating func bind(_ value: Double) { values.append(.real(value)) }
    mutating func bind(_ value: Int) { values.append(.integer(Int64(value))) }
    mutating func bind(_ value: Bool) { bind(value ? 1 : 0) }

    /// Binds the values to `statement`'s parameters 1, 2, …, runs `body` while the text buffer stays where it is,
    /// then resets the statement, unbinds it and empties itself for the next rows.
    fileprivate mutating func withValuesBound(to statement: SQLiteStatement, _ body: () -> Int32) -> Int32 {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            values.removeAll(keepingCapacity: true)
            texts.removeAll(keepingCapacity: true)
        }
        return texts.withUnsafeBufferPointer { buffer in
            for (index, value) in values.enumerated() {
                let parameter = Int32(index + 1)
                switch value {
                case .text(let start, let count):
                    // An empty text is bound with a copy: a buffer with no bytes may have no address, which would bind NULL.
                    if count == 0 { sqlite3_bind_text(statement, parameter, "", 0, Self.transient) } else {
                        sqlite3_bind_text(statement, parameter, buffer.baseAddress! + start, Int32(count), Self.static)
                    }
                case .real(let value): sqlite3_bind_double(statement, parameter, value)
                case .integer(let value): sqlite3_bind_int64(statement, parameter, value)
                case .null: sqlite3_bind_null(statement, parameter)
                }
            }
            return body()
        }
    }

    /// SQLite copies the value before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// SQLite reads the value where it is, until the statement is reset.
    private static let `static` = unsafeBitCast(0, to: sqlite3_destructor_type.self)
}

extension Database {
    /// Runs `body` with the indexes of `table` dropped, then creates them again from their own definitions: SQLite
    /// builds an index over 2.3 M rows by sorting them once, where keeping it up to date row by row scatters writes
    /// over the whole index. Inside the caller's transaction, so readers never see the table without its indexes.
    func withIndexesRebuilt<T>(on table: String, _ body: () throws -> T) throws -> T {
        let indexes = try Row.fetchAll(self, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                                       arguments: [table]).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        for index in indexes { try execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        let result = try body()
        for index in indexes { try execute(sql: index.sql) }
        return result
    }
}

extension Database {
    /// Runs `body` with a page cache of 64 MiB and two sorting threads, then puts the connection's settings back:
    /// the index of 2.3 M rows is then sorted in memory, where SQLite's default 2 MiB spill to temporary files.
    func withBulkLoadSettings<T>(_ body: () throws -> T) throws -> T {
        let cacheSize = try Int.fetchOne(self, sql: "PRAGMA cache_size") ?? -2_000
        let threads = try Int.fetchOne(self, sql: "PRAGMA threads") ?? 0
        try execute(sql: "PRAGMA cache_size = -65536")
        try execute(sql: "PRAGMA threads = 2")
        defer {
            try? execute(sql: "PRAGMA cache_size = \(cacheSize)")
            try? execute(sql: "PRAGMA threads = \(threads)")
        }
        return try body()
    }
}
