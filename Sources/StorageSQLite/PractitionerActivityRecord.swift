import GeometryKit
import GRDB
import Storage
import Territory

/// Reads `practitioner_activity` rows: each named column resolved to its index once per statement
/// (`ResolvedStatement`), and the labels shared between rows — a national extract has 325 818 activities but a
/// few dozen distinct profession, savoir-faire and mode labels, each otherwise a String of its own per row.
enum PractitionerActivityRecord {
    enum Columns {
        static let rpps = Column("rpps"), professionCode = Column("profession_code"), professionLabel = Column("profession_label")
        static let savoirFaireCode = Column("savoir_faire_code"), savoirFaireLabel = Column("savoir_faire_label")
        static let modeCode = Column("mode_code"), modeLabel = Column("mode_label"), communeCode = Column("commune_code")
        static let departement = Column("departement"), lon = Column("lon"), lat = Column("lat"), precision = Column("precision")
        static let name = Column("name"), address = Column("address")
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [PractitionerActivity] {
        let resolved = try ResolvedStatement(db, sql: sql, arguments: arguments, table: "practitioner_activity")
        let index = resolved.index
        let rpps = try index(Columns.rpps), profession = try index(Columns.professionCode), professionLabel = try index(Columns.professionLabel)
        let savoirFaire = try index(Columns.savoirFaireCode), savoirFaireLabel = try index(Columns.savoirFaireLabel)
        let mode = try index(Columns.modeCode), modeLabel = try index(Columns.modeLabel), commune = try index(Columns.communeCode)
        let departement = try index(Columns.departement), lon = try index(Columns.lon), lat = try index(Columns.lat)
        let precision = try index(Columns.precision), name = try index(Columns.name), address = try index(Columns.address)
        struct Label: Hashable { let code, text: String }
        var labels: [Label: String] = [:]
        /// The one copy of a label (code and text both key it: a code may have had another label in an older extract).
        func shared(_ code: String, _ text: String) -> String {
            let label = Label(code: code, text: text)
            if let known = labels[label] { return known }
            labels[label] = text
            return text
        }
        var precisions: [String: LocationPrecision] = [:]
        return try Array(resolved.rows().map { row -> PractitionerActivity in
            let precisionText: String = row[precision]
            guard let rowPrecision = precisions[precisionText] ?? LocationPrecision(rawValue: precisionText) else {
                throw StorageError.corrupt("unknown location precision '\(precisionText)'")
            }
            precisions[precisionText] = rowPrecision
            let professionCode: String = row[profession], savoirFaireCode: String = row[savoirFaire], modeCode: String = row[mode]
            return PractitionerActivity(rpps: row[rpps], professionCode: professionCode, professionLabel: shared(professionCode, row[professionLabel]),
                                        savoirFaireCode: savoirFaireCode, savoirFaireLabel: shared(savoirFaireCode, row[savoirFaireLabel]),
                                        modeCode: modeCode, modeLabel: shared(modeCode, row[modeLabel]), communeCode: row[commune],
                                        departementCode: row[departement], position: Coordinate(longitude: row[lon], latitude: row[lat]),
                                        precision: rowPrecision, name: row[name], practiceAddress: row[address])
        })
    }
}
