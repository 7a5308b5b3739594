import Foundation
import GeometryKit
import Hummingbird
import HummingbirdTesting
import Logging
import MaillageServer
import OpenData
import Storage
import StoragePostGIS
import StorageSQLite
import StoreTestSupport
import Territory
import UseCases
import XCTest

/// The Hauts-de-France sample imported once into a SQLite file, and a running service over a copy of
/// it for each test (writes of one test never leak into another).
enum SampleService {
    static let data: String = {
        if let path = ProcessInfo.processInfo.environment["MAILLAGE_DATA"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data").path
    }()
    static let sample = data + "/sample-hauts-de-france"

    static let ars = "ars-token-0001"
    static let amiens = "coord-token-amiens"       // CPTS-80-002, CPTS Amiens
    static let lille = "coord-token-lille"         // CPTS-59-001, CPTS Lille
    // Two neighbours sharing communes 59272 and 59273 (and their seven volunteers).
    static let neighbourA = "coord-token-59-052"   // CPTS-59-052
    static let neighbourB = "coord-token-62-005"   // CPTS-62-005
    /// The tokens file of the tests: the SHA-256 lines of the tokens above, as `maillage token add` writes them.
    static let tokensText = [AccessTokens.line(token: ars, role: .ars), AccessTokens.line(token: amiens, role: .coordinator(cpts: "CPTS-80-002")),
                             "# comment", AccessTokens.line(token: lille, role: .coordinator(cpts: "CPTS-59-001")),
                             AccessTokens.line(token: neighbourA, role: .coordinator(cpts: "CPTS-59-052")),
                             AccessTokens.line(token: neighbourB, role: .coordinator(cpts: "CPTS-62-005"))].joined(separator: "\n")
    static let tokens = try! AccessTokens(text: tokensText, source: "test tokens")
    /// The day the tests' services count roster ages from, with the standard ages: entries of the sample updated before
    /// 7 June 2026 are stale, none is excluded. Fixed, so that an answer does not change with the day the tests run.
    static let rosterClock = try! RosterClock(asOf: "2026-12-07")

    /// The imported sample, built once per test run (a task: the import awaits the store): a SQLite file, or in the
    /// PostGIS pass (`MAILLAGE_TEST_DB`) a schema of its own, which each test's `freshStore()` copies.
    static let template = Task<any MaillageStore, Error> {
        let directory = NSTemporaryDirectory() + "maillage-server-tests-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await StoreLocation.open(try ScratchStore.location(named: "server_sample", in: directory))
        try await importSample(into: store)
        return store
    }

    static func importSample(into store: any MaillageStore) async throws {
        let sources = CommuneSources(dataDirectory: data, departements: ["02", "59", "60", "62", "80"])
        let (communes, report) = try CommuneLayerImport.run(sources)
        let layer = CommuneLayer(communes, departementNames: report.departementNames, epciNames: report.epciNames)
        try await store.replaceCommunes(layer, formerCodes: report.formerCodes, importSummary: "{}")
        let cpts = try CPTSPerimeterFile(path: sample + "/cpts-perimetres.csv.gz", isCurrentCommune: layer.contains(code:), formerCodes: report.formerCodes)
        try await store.replaceCPTS(cpts.perimeters, importSummary: "{}")
        try await importPractitioners(into: store, layer: layer, formerCodes: report.formerCodes)
        // Each request goes to the CPTS claiming its commune, as `maillage import patients` does without --cpts.
        let owner = try PatientOwnership(cpts: nil, analysis: TerritoryAnalysis(layer: layer, perimeters: cpts.perimeters))
        let waiting = try PatientRequestFile(path: sample + "/patients-sans-medecin-traitant.csv.gz", communes: layer, formerCodes: report.formerCodes)
        _ = try await store.mergePatientRequests(zip(waiting.requests, waiting.lines).compactMap {
            owner.assign(PatientRequestFile.Entry(request: $0, line: $1), file: "patients")
        }, importSummary: "{}")
    }

    /// The sample's practitioners (RPPS), officines (FINESS) and volunteer roster, onto `layer`'s communes.
    static func importPractitioners(into store: any MaillageStore, layer: CommuneLayer, formerCodes: [String: String]) async throws {
        let rpps = try RPPSExtract(path: sample + "/PS_LibreAcces_Personne_activite.txt.gz", communes: layer, formerCodes: formerCodes)
        try await store.replacePractitionerActivities(rpps.activities, importSummary: "{}")
        let finess = try FINESSExtract(path: sample + "/etalab-cs1100507-stock.csv.gz", communes: layer, formerCodes: formerCodes)
        try await store.replacePharmacies(finess.pharmacies, importSummary: "{}")
        let roster = try VolunteerRoster(path: sample + "/medecins-volontaires.csv.gz", activities: rpps.activities, communes: layer)
        try await store.replaceVolunteers(roster.volunteers, importSummary: "{}")
    }

    /// A copy of the imported sample, for one test.
    /// Another connection to the same store, as a second `serve` instance has: another SQLite connection pool on the
    /// file, another PostgreSQL connection pool on the schema.
    static func secondConnection(to store: any MaillageStore) async throws -> any MaillageStore {
        if let postgis = store as? PostGISStore { return try await PostGISStore(url: postgis.location.urlString) }
        return try SQLiteStore(path: (store as! SQLiteStore).path)
    }

    static func freshStore() async throws -> any MaillageStore {
        let template = try await template.value
        if let postgis = template as? PostGISStore {
            return try await postgis.copy(toSchema: ScratchStore.schema(named: "server_copy"))
        }
        let path = (template as! SQLiteStore).path
        let copy = NSTemporaryDirectory() + "maillage-server-tests-\(getpid())/copy-\(UUID().uuidString).sqlite"
        // A checkpointed copy: the template's store is open, its last writes may still be in the WAL.
        try await (template as! SQLiteStore).checkpoint()
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return try SQLiteStore(path: copy)
    }

    /// Runs `body` against the real server listening on a free loopback port.
    static func withServer(store: (any MaillageStore)? = nil, tokens: AccessTokens = SampleService.tokens, maxBodyBytes: Int = 1 << 20,
                           logger: Logger = Logger(label: "test"),
                           requestLogLevel: Logger.Level = .debug,
                           leafletDirectory: String = ServerConfiguration.defaultLeafletDirectory,
                           idleTimeoutSeconds: Double? = 60, maxConnections: Int = 1024, failedAttemptLimit: Int = 10,
                           publicURL: String? = nil, trustProxy: Bool = false, connectionLimits: ConnectionLimits = ConnectionLimits(),
                           rosterClock: RosterClock = SampleService.rosterClock,
                           _ body: @escaping @Sendable (any TestClientProtocol, ServiceState) async throws -> Void) async throws {
        let served: any MaillageStore
        if let store { served = store } else { served = try await freshStore() }   // not `??`: its autoclosure cannot await
        let state = try await ServiceState(store: served, rosterClock: rosterClock)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, tokens: tokens, maxBodyBytes: maxBodyBytes,
                                                requestLogLevel: requestLogLevel, leafletDirectory: leafletDirectory,
                                                idleTimeoutSeconds: idleTimeoutSeconds, maxConnections: maxConnections,
                                                failedAttemptLimit: failedAttemptLimit)
        configuration.publicURL = publicURL
        configuration.trustProxy = trustProxy
        configuration.connectionLimits = connectionLimits
        let app = try MaillageService.application(state: state, configuration: configuration, logger: logger)
        try await app.test(.live) { client in try await body(client, state) }
    }
}

/// Small helpers over HummingbirdTesting's responses.
extension TestClientProtocol {
    func get(_ uri: String, token: String? = nil) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .get, headers: Self.headers(token), body: nil)
    }

    func post(_ uri: String, token: String? = nil, body: String, contentType: String = "application/json") async throws -> TestResponse {
        var headers = Self.headers(token)
        headers[.contentType] = contentType
        return try await executeRequest(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private static func headers(_ token: String?) -> HTTPFields {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer " + token }
        return headers
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json(file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }
}
