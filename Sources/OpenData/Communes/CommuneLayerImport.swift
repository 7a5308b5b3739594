import GeometryKit
import Territory

/// Where the national commune layer comes from.
public struct CommuneSources: Sendable {
    public var geometryDirectory: String
    public var cogCommunes: String
    public var movements: String
    public var population: String
    public var epci: String?
    /// The COG départements file: their names, shown beside their codes and accepted in their place.
    public var cogDepartements: String?
    /// Keep only the communes of these départements (a regional deployment); nil keeps them all.
    public var departements: Set<String>?

    public init(geometryDirectory: String, cogCommunes: String, movements: String, population: String, epci: String? = nil,
                cogDepartements: String? = nil, departements: Set<String>? = nil) {
        self.geometryDirectory = geometryDirectory; self.cogCommunes = cogCommunes; self.movements = movements
        self.population = population; self.epci = epci; self.cogDepartements = cogDepartements; self.departements = departements
    }

    /// The files of the project's `Data/` folder (gzip-compressed, as the repository carries them).
    ///
    /// ```swift
    /// let sources = CommuneSources(dataDirectory: "Data", departements: ["02", "59", "60", "62", "80"])
    /// ```
    public init(dataDirectory: String, departements: Set<String>? = nil) {
        self.init(geometryDirectory: dataDirectory + "/communes", cogCommunes: dataDirectory + "/cog/communes-2026.csv.gz",
                  movements: dataDirectory + "/cog/mouvements-communes.csv.gz",
                  population: dataDirectory + "/population/donnees_communes.csv.gz",
                  epci: dataDirectory + "/epci/epci-communes-2025.csv.gz", cogDepartements: dataDirectory + "/cog/departements-2026.csv.gz",
                  departements: departements)
    }
}

/// What the commune import did, for the terminal and for tests: nothing is left out unreported.
public struct CommuneImportReport: Sendable {
    public var communesImported = 0
    public var communesWithGeometry = 0
    /// COG communes (type COM) with no polygon in the geometry files: code and name.
    public var communesWithoutPolygon: [(code: String, name: String)] = []
    /// Former codes whose polygon was carried to the current commune: old code → current code.
    public var reattachedCodes: [String: String] = [:]
    /// Polygons whose code is not a current commune and cannot be carried to one.
    public var unattachedGeometryCodes: [(code: String, name: String)] = []
    /// Population rows whose code is neither a current commune, an arrondissement nor a former code.
    public var unattachedPopulationCodes: [String] = []
    /// Current communes with no population figure (Mayotte in the INSEE file).
    public var communesWithoutPopulation: [String] = []
    public var populationTotal = 0
    /// Polygons repaired by GEOS MakeValid.
    public var repairedGeometryCodes: [String] = []
    /// Every former code of the movements file that leads to a current commune: old code → current code.
    /// Kept in the store so that lists written before a merge (CPTS perimeters) can be translated.
    public var formerCodes: [String: String] = [:]
    /// The names of the imported communes' départements (COG), by code; empty without the départements file.
    public var departementNames: [String: String] = [:]
    /// The names (BANATIC `raison_sociale`) of the imported communes' EPCI, by SIREN; empty without the EPCI file.
    public var epciNames: [String: String] = [:]
    /// Rows or features that could not be read, with file and line.
    public var issues: [ImportIssue] = []

    public init() {}
}

/// Builds the national commune layer: current COG communes, their polygons (former communes'
/// polygons unioned into the commune nouvelle), population (arrondissements summed), EPCI.
///
/// ```swift
/// let result = try CommuneLayerImport.run(CommuneSources(geometryDirectory: "communes", …))
/// result.report.communesWithoutPolygon   // [("12218", "Conques-en-Rouergue"), …]
/// ```
public enum CommuneLayerImport {
    public static func run(_ sources: CommuneSources, progress: (@Sendable (String) -> Void)? = nil) throws -> (communes: [Commune], report: CommuneImportReport) {
        var report = CommuneImportReport()
        progress?("lecture des communes du COG")
        let cog = try COGCommunes(path: sources.cogCommunes)
        let movements = try COGMovements(path: sources.movements)
        let isCurrent: (String) -> Bool = { cog.communes[$0] != nil }
        report.issues += cog.issues
        for former in movements.departures.keys where !isCurrent(former) {
            if let current = movements.currentCode(of: former, isCurrent: isCurrent) { report.formerCodes[former] = current }
        }

        // A regional import builds the polygons of its own communes only (and of codes leading nowhere, to report them).
        var keeping: (@Sendable (String) -> Bool)?
        if let wanted = sources.departements {
            let departementOf = cog.communes.mapValues(\.departement)
            keeping = { code in
                guard let current = movements.currentCode(of: code, isCurrent: { departementOf[$0] != nil }) else { return true }
                return wanted.contains(departementOf[current]!)
            }
        }
        let files = try CommuneGeometryFiles(directory: sources.geometryDirectory, keeping: keeping) { done, total in
            progress?("lecture des polygones des communes : \(done)/\(total) fichiers")
        }
        report.issues += files.issues
        report.repairedGeometryCodes = files.repaired

        // Group the published polygons by the current commune that holds their territory.
        var polygonsByCommune: [String: [Geometry]] = [:]
        for published in files.geometries {
            guard let current = movements.currentCode(of: published.code, isCurrent: isCurrent) else {
                report.unattachedGeometryCodes.append((published.code, published.name)); continue
            }
            if current != published.code { report.reattachedCodes[published.code] = current }
            polygonsByCommune[current, default: []].append(published.geometry)
        }

        let population = try PopulationTable(path: sources.population)
        report.issues += population.issues
        let populationByCommune = currentPopulation(population.rows, movements: movements, isCurrent: isCurrent, report: &report)
        let membership = try sources.epci.map { try EPCIMembership(path: $0) }
        report.issues += membership?.issues ?? []

        progress?("fusion et mesure de \(polygonsByCommune.count) communes")
        let current = cog.communes.values.filter { sources.departements?.contains($0.departement) ?? true }.sorted { $0.code < $1.code }
        let polygonsOfCommune = polygonsByCommune
        let built = try ParallelMap.map(current) { entry -> Result<Commune, Error> in
            Result {
                var commune = Commune(code: entry.code, name: entry.name, departement: entry.departement, region: entry.region,
                                      epci: membership?.epciOfCommune[entry.code], population: populationByCommune[entry.code])
                if let polygons = polygonsOfCommune[entry.code] {
                    try commune.attach(geometry: polygons.count == 1 ? polygons[0] : try Geometry.coverageUnion(of: polygons))
                }
                return commune
            }
        }
        var communes: [Commune] = []
        for (entry, result) in zip(current, built) {
            switch result {
            case .success(let commune): communes.append(commune)
            case .failure(let error):
                report.issues.append(ImportIssue(file: sources.geometryDirectory, line: 0, reason: "commune \(entry.code) : \(error) ; importée sans polygone"))
                communes.append(Commune(code: entry.code, name: entry.name, departement: entry.departement, region: entry.region,
                                        epci: membership?.epciOfCommune[entry.code], population: populationByCommune[entry.code]))
            }
        }
        report.communesImported = communes.count
        report.communesWithGeometry = communes.filter { $0.geometry != nil }.count
        report.communesWithoutPolygon = communes.filter { $0.geometry == nil }.map { ($0.code, $0.name) }
        report.communesWithoutPopulation = communes.filter { $0.population == nil }.map(\.code)
        report.populationTotal = communes.reduce(0) { $0 + ($1.population ?? 0) }
        let epcis = Set(communes.compactMap(\.epci))
        report.epciNames = (membership?.epcis ?? [:]).filter { epcis.contains($0.key) }.mapValues(\.name)
        if let path = sources.cogDepartements {
            let departements = try COGDepartements(path: path)
            report.issues += departements.issues
            let present = Set(communes.map(\.departement))
            report.departementNames = departements.names.filter { present.contains($0.key) }
            for code in present.sorted() where departements.names[code] == nil {
                report.issues.append(ImportIssue(file: path, line: 0, reason: "le département \(code) des communes n'est pas dans le fichier : affiché sans son nom"))
            }
        }
        return (communes, report)
    }

    /// PMUN per current commune: arrondissements summed into Paris/Lyon/Marseille, rows published under
    /// a former code carried to the current commune, the rest reported.
    private static func currentPopulation(_ rows: [(code: String, population: Int)], movements: COGMovements,
                                          isCurrent: (String) -> Bool, report: inout CommuneImportReport) -> [String: Int] {
        var carried: [(code: String, population: Int)] = []
        for row in rows {
            if MunicipalArrondissements.parentCommune(ofArrondissement: row.code) != nil {
                carried.append(row)
            } else if let current = movements.currentCode(of: row.code, isCurrent: isCurrent) {
                carried.append((current, row.population))
            } else {
                report.unattachedPopulationCodes.append(row.code)
            }
        }
        return MunicipalArrondissements.populationByCommune(carried)
    }
}
