import GRDB
import Storage

// Storage's derived records as GRDB records: their coding keys are the columns.

extension CPTSDissolvedRecord: FetchableRecord, PersistableRecord {
    public enum Columns { public static let cptsID = Column(CodingKeys.cptsID), geometry = Column(CodingKeys.geometry) }
}

extension WhiteZoneRecord: FetchableRecord, PersistableRecord {
    public enum Columns { public static let statuses = Column(CodingKeys.statuses), position = Column(CodingKeys.position), geometry = Column(CodingKeys.geometry) }
}

extension CoverageFiguresRecord: FetchableRecord, PersistableRecord {
    public enum Columns { public static let statuses = Column(CodingKeys.statuses), level = Column(CodingKeys.level), code = Column(CodingKeys.code) }
}

extension CPTSOverlapRecord: FetchableRecord, PersistableRecord {
    public enum Columns { public static let position = Column(CodingKeys.position) }
}

extension GeneralisedLevelRecord: FetchableRecord, PersistableRecord {
    public enum Columns {
        public static let toleranceMetres = Column(CodingKeys.toleranceMetres), communeGeneration = Column(CodingKeys.communeGeneration)
    }
}

extension AuditEvent: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "audit_event"

    public enum Columns {
        public static let id = Column(CodingKeys.id), at = Column(CodingKeys.at), cpts = Column(CodingKeys.cpts)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension RequestDecline: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "request_decline"

    public enum Columns {
        public static let cpts = Column(CodingKeys.cpts), reference = Column(CodingKeys.reference), rpps = Column(CodingKeys.rpps)
        public static let declinedAt = Column(CodingKeys.declinedAt)
    }

    /// Declining again replaces the reason and the time.
    public static let persistenceConflictPolicy = PersistenceConflictPolicy(insert: .replace, update: .replace)
}
