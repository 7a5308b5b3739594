import ArgumentParser
import GeometryKit
import Storage
import Territory
import UseCases

struct NearestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "The nearest volunteer GPs who accept new patients and have places left, by geodesic distance."
    )

    @OptionGroup var analysis: AnalysisOptions
    // Numeric options parse `.unconditional`: the word after the option is its value even when it starts with '-'
    // (a western longitude `--lon -0.4635`, a southern latitude), and a negative `--k` reaches validate() to be refused.
    @Option(parsing: .unconditional, help: "Patient latitude (WGS84).") var lat: Double?
    @Option(parsing: .unconditional, help: "Patient longitude (WGS84).") var lon: Double?
    @Option(help: "Patient commune (INSEE code) when the address is not known: its representative point is used.") var commune: String?
    @Option(parsing: .unconditional, help: "How many GPs.") var k = 5
    @Flag(help: "Only GPs who make home visits.") var homeVisits = false
    @Option(parsing: .unconditional, help: "Only GPs within this distance (km).") var maxKm: Double?
    @Flag(help: "Only GPs whose practice lies in a CPTS covering the patient's commune.") var sameCpts = false
    @OptionGroup var freshness: FreshnessOptions

    func validate() throws {
        guard (lat != nil && lon != nil) != (commune != nil) else { throw ValidationError("donnez soit --lat et --lon, soit --commune") }
    }

    func run() async throws {
        let place: NearestQuery.Place = commune.map { .commune($0) } ?? .position(Coordinate(longitude: lon!, latitude: lat!))
        do {
            let question = try await refusingAsUsage {
                try Nearest(place: place, k: k, homeVisits: homeVisits, maxKm: maxKm, sameCPTS: sameCpts,
                            freshness: try freshness.clock().now(), coveringStatuses: try analysis.coveringStatuses())
            }
            // Only what lies around the patient: its commune, the volunteers of a box, the CPTS of their communes.
            try Terminal.printAnswer(try await question.answer(from: try await analysis.store.openStore()))
        } catch let error as OrientationError {
            throw ValidationError(error.description)
        }
    }
}

struct RequestsNearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests-near",
        abstract: "The doctor's view: pending patient requests around a GP's practice, nearest first (no addresses)."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "The GP's RPPS number.") var rpps: String
    // `.unconditional`: `--km -2` is read as a value and refused by run(), never taken for a flag.
    @Option(parsing: .unconditional, help: "Radius in km.") var km = 10.0
    @Option(help: "json or csv.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let found = try await analysis.reportingEmpty {
            try await refusingAsUsage {
                try await RequestsNear(rpps: rpps, km: km).answer(store: try await analysis.store.openStore(), orientation: nil, by: .commandLine)
            }
        }
        try Terminal.printRows(found, format: format.table)
    }
}
