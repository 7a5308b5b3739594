import Territory

/// Summary figures of the commune layer in a store.
public struct CommuneStats: Sendable, Equatable {
    public var communes: Int
    public var populationTotal: Int
    public var communesWithoutGeometry: Int

    public init(communes: Int, populationTotal: Int, communesWithoutGeometry: Int) {
        self.communes = communes; self.populationTotal = populationTotal; self.communesWithoutGeometry = communesWithoutGeometry
    }
}

/// One record of the import history: what was imported, when, with its counts.
public struct ImportRecord: Sendable {
    public var kind: String
    public var importedAt: String
    public var summary: String
}

/// Where Maillage keeps its data. One protocol, so the embedded SQLite default and a shared PostGIS
/// database can stand behind the same CLI and server, and run the same tests.
///
/// Every `replace…` call is all-or-nothing: an interrupted import leaves the previous content intact.
public protocol MaillageStore: Sendable {
    /// Replaces the whole commune layer and its touch graph (idempotent: importing twice gives the same
    /// content). `formerCodes` maps codes of communes merged or renumbered since to their current commune.
    func replaceCommunes(_ layer: CommuneLayer, formerCodes: [String: String], importSummary: String) throws
    /// Every commune, with its geometry.
    func allCommunes() throws -> [Commune]
    /// The commune layer with its stored touch graph (no GEOS work to rebuild it).
    func communeLayer() throws -> CommuneLayer
    func commune(code: String) throws -> Commune?
    func communeStats() throws -> CommuneStats
    /// Former commune codes → current code (from the COG movements at the last commune import).
    func formerCommuneCodes() throws -> [String: String]
    /// Replaces every CPTS perimeter.
    func replaceCPTS(_ perimeters: [CPTSPerimeter], importSummary: String) throws
    /// Every CPTS perimeter, by id.
    func allCPTS() throws -> [CPTSPerimeter]
    /// The import history, newest first.
    func importHistory() throws -> [ImportRecord]
}
