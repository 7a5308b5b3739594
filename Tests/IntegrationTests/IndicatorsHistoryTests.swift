import Foundation
import GeometryKit
import Storage
import Territory
import TestSupport
import UseCases
import XCTest

/// The indicators over a six-month history generated here (June to November 2026, seeded): requests of five CPTS
/// registered day by day, oriented, declined, purged through the store as the service does (each dated by its audit
/// event), then counted again here from what was generated — on SQLite, or PostGIS in the PostGIS pass.
final class IndicatorsHistoryTests: XCTestCase {
    /// What the test generated for one request.
    struct Truth {
        var cpts, commune, reference, registeredOn: String
        var priority: PatientPriority
        var orientedOn: String?
        var km: Double?
        var purgedOn: String?
    }

    static func date(_ day: String, _ hour: Int = 10) -> Date {
        Date(timeIntervalSince1970: Double(CalendarDay.days(from: "1970-01-01", to: day)! * 86_400 + hour * 3_600))
    }
    static func day(_ offset: Int) -> String { CalendarDay.of(date("2026-06-01").addingTimeInterval(Double(offset) * 86_400)) }
    static func event(_ action: AuditEvent.Action, on day: String, hour: Int = 10) -> AuditEvent {
        AuditEvent(at: date(day, hour), who: "test", role: "operator", action: action, cpts: nil, patients: 1, outcome: "history")
    }

    func testIndicatorsEqualTheGeneratedHistory() async throws {
        let desk = try await sampleDesk("indicators-history", waitingList: false)
        let analysis = TerritoryAnalysis(layer: desk.layer, perimeters: desk.perimeters)
        // Five CPTS of at least two départements, each request in one of its communes.
        let chosen = ["CPTS-80-002", "CPTS-59-001", "CPTS-02-007", "CPTS-60-006", "CPTS-62-005"].compactMap { analysis.perimeter(id: $0) }
        XCTAssertEqual(chosen.count, 5)
        let gp = try XCTUnwrap(desk.roster.first)
        _ = try await desk.store.updateVolunteer(rpps: gp.rpps, VolunteerUpdate(placesRemaining: 9_999, acceptsNewPatients: true),
                                                 updatedOn: "2026-06-01", audit: nil)
        var random = SeededRandom(seed: 30)
        var truth: [Truth] = []
        for n in 0..<600 {
            let perimeter = chosen[n % chosen.count]
            let registered = Self.day(Int.random(in: 0..<183, using: &random))
            truth.append(Truth(cpts: perimeter.id, commune: perimeter.communeCodes[Int.random(in: 0..<perimeter.communeCodes.count, using: &random)],
                               reference: "HIST-\(n)", registeredOn: registered, priority: PatientPriority.allCases.randomElement(using: &random)!))
        }
        let requests = truth.map { t in
            PatientRequest(reference: t.reference, communeCode: t.commune, position: Coordinate(longitude: 2.3, latitude: 49.9), precision: .commune,
                           priority: t.priority, needsHomeVisit: false, registeredOn: t.registeredOn, cpts: t.cpts)
        }
        _ = try await desk.store.mergePatientRequests(requests, importSummary: "history")

        // Declines first (of pending requests), then orientations 0 to 60 days after registration, then a purge in September.
        var declines: [(cpts: String, commune: String, day: String)] = []
        for index in stride(from: 0, to: truth.count, by: 7) {
            let t = truth[index], day = Self.day(min(182, (Int(CalendarDay.days(from: "2026-06-01", to: t.registeredOn)!) + 3)))
            try await desk.store.declineRequest(PatientRequestKey(cpts: t.cpts, reference: t.reference), rpps: desk.roster[1].rpps, reason: "complet",
                                                audit: Self.event(.practitionerDecline, on: day))
            declines.append((t.cpts, t.commune, day))
        }
        for index in truth.indices where Int.random(in: 0..<10, using: &random) < 6 {
            let delay = Int.random(in: 0...60, using: &random)
            let day = Self.day(CalendarDay.days(from: "2026-06-01", to: truth[index].registeredOn)! + delay)
            guard day <= "2026-11-30" else { continue }
            let km = Double(Int.random(in: 1...400, using: &random)) / 10
            try await desk.store.recordAssignments([Assignment(cpts: truth[index].cpts, reference: truth[index].reference, rpps: gp.rpps, distanceKm: km)],
                                                   audit: Self.event(.matchCommit, on: day, hour: 9 + index % 12))
            truth[index].orientedOn = day; truth[index].km = km
        }
        let counts = try await desk.store.purgePatientData(assignedBefore: nil, pendingRegisteredBefore: "2026-07-01",
                                                           audit: Self.event(.purge, on: "2026-09-15"))
        for index in truth.indices where truth[index].orientedOn == nil && truth[index].registeredOn < "2026-07-01" { truth[index].purgedOn = "2026-09-15" }
        XCTAssertEqual(counts.pendingDeleted, truth.filter { $0.purgedOn != nil }.count)
        XCTAssertGreaterThan(counts.pendingDeleted, 10)

        for (from, to) in [("2026-08-01", "2026-10-31"), ("2026-06-01", "2026-11-30"), ("2026-09-15", "2026-09-15")] {
            for by in OrientationIndicators.Grouping.allCases {
                let answer = try await OrientationIndicators(from: from, to: to, by: by).run(store: desk.store, analysis: analysis)
                func key(_ cpts: String, _ commune: String) -> String {
                    switch by {
                    case .cpts: return cpts
                    case .departement: return desk.layer.commune(commune)!.departement
                    case .region: return desk.layer.commune(commune)!.region
                    }
                }
                // The requests registered by `to` (as the store reads them) and the declines of the period, by group.
                let groups = Dictionary(grouping: truth.filter { $0.registeredOn <= to }, by: { key($0.cpts, $0.commune) })
                let declined = Dictionary(grouping: declines.filter { $0.day >= from && $0.day <= to }, by: { key($0.cpts, $0.commune) })
                XCTAssertEqual(answer.rows.map(\.key), Set(groups.keys).union(declined.keys).sorted(), "\(by) \(from)…\(to)")
                for row in answer.rows {
                    let mine = groups[row.key] ?? []
                    let label = "\(by) \(row.key) \(from)…\(to)"
                    let expected = Self.figures(mine, declines: declined[row.key]?.count ?? 0, from: from, to: to)
                    XCTAssertEqual(row.figures.registered, expected.registered, label)
                    XCTAssertEqual(row.figures.oriented, expected.oriented, label)
                    XCTAssertEqual(row.figures.declined, expected.declined, label)
                    XCTAssertEqual(row.figures.waiting, expected.waiting, label)
                    XCTAssertEqual(row.figures.purged, expected.purged, label)
                    XCTAssertEqual(row.figures.distanceKmMedian, expected.median, label)
                    XCTAssertEqual(row.figures.distanceKmP90, expected.p90, label)
                    XCTAssertEqual(row.figures.daysToOrientationMedian, expected.days, label)
                    for priority in PatientPriority.allCases {
                        let some = mine.filter { $0.priority == priority }
                        let counts = row.figures.byPriority[priority] ?? IndicatorFigures.Counts()
                        XCTAssertEqual(counts.registered, some.filter { $0.registeredOn >= from }.count, label)
                        XCTAssertEqual(counts.oriented, some.filter { ($0.orientedOn ?? "") >= from && ($0.orientedOn ?? "9") <= to }.count, label)
                    }
                    // By month: the same counts on each month's days, and every registration of the period in one month.
                    XCTAssertEqual(row.months.map(\.figures.registered).reduce(0, +), expected.registered, label)
                    for month in row.months {
                        let first = max(from, month.month + "-01"), last = min(to, CalendarDay.lastDay(ofMonth: month.month))
                        XCTAssertEqual(month.figures.oriented, mine.filter { ($0.orientedOn ?? "") >= first && ($0.orientedOn ?? "9") <= last }.count, label)
                        XCTAssertEqual(month.figures.registered, mine.filter { $0.registeredOn >= first && $0.registeredOn <= last }.count, label)
                    }
                }
            }
        }
    }

    /// The figures of one group, counted plainly from the generated truth.
    static func figures(_ requests: [Truth], declines: Int, from: String, to: String)
        -> (registered: Int, oriented: Int, declined: Int, waiting: Int, purged: Int, median: Double?, p90: Double?, days: Double?) {
        let oriented = requests.filter { ($0.orientedOn ?? "") >= from && ($0.orientedOn ?? "9") <= to }
        let waiting = requests.filter { ($0.orientedOn.map { $0 > to } ?? true) && ($0.purgedOn.map { $0 > to } ?? true) }
        let kms = oriented.compactMap(\.km).sorted()
        let days = oriented.map { Double(CalendarDay.days(from: $0.registeredOn, to: $0.orientedOn!)!) }.sorted()
        func median(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2 }
        // The 90th percentile by nearest rank: the value at rank ⌈0.9 n⌉.
        let p90 = kms.isEmpty ? nil : kms[(9 * kms.count + 9) / 10 - 1]
        return (requests.filter { $0.registeredOn >= from }.count, oriented.count, declines, waiting.count,
                requests.filter { ($0.purgedOn ?? "") >= from && ($0.purgedOn ?? "9") <= to }.count, median(kms), p90, median(days))
    }
}
