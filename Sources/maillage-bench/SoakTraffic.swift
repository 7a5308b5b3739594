import Foundation
import GeometryKit
import TestSupport

/// The soak's clients, one thread each, each sending its next request as soon as the last is answered:
/// - anonymous: `nearest` (k = 5, 2 000 commune points in turn), `coverage` by département, OGC item pages of communes
///   and CPTS at varying offsets;
/// - one ARS client: coverage by region with its token;
/// - one coordinator per tenant CPTS: uploads `batch` new waiting patients of its communes, then commits a match,
///   remembering what the answers said was stored (the references uploaded, the assignments committed).
final class SoakTraffic: @unchecked Sendable {
    let base: String
    let points: [(lat: Double, lon: Double)]
    let tenants: [SoakStore.Tenant]
    let credentials: SoakCredentials
    let batch: Int
    let recorder = SoakRecorder()
    private let client: SoakClient
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var committedAssignments: [(cpts: String, reference: String, rpps: String)] = []
    private var uploadedRequests: [(cpts: String, reference: String)] = []
    private var uploadAnomalies = 0

    init(base: String, points: [(lat: Double, lon: Double)], tenants: [SoakStore.Tenant], credentials: SoakCredentials, batch: Int) {
        self.base = base; self.points = points; self.tenants = tenants; self.credentials = credentials; self.batch = batch
        client = SoakClient(connections: 64)
    }

    var committed: [(cpts: String, reference: String, rpps: String)] { lock.withLock { committedAssignments } }
    var uploaded: [(cpts: String, reference: String)] { lock.withLock { uploadedRequests } }
    var anomalies: Int { lock.withLock { uploadAnomalies } }

    func start(anonymous: Int, until end: Double) {
        for index in 0..<anonymous { spawn { self.anonymousLoop(index, until: end) } }
        spawn { self.arsLoop(until: end) }
        for (index, tenant) in tenants.enumerated() { spawn { self.coordinatorLoop(index, tenant, until: end) } }
    }

    func wait() { group.wait() }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread { body(); self.group.leave() }
        thread.start()
    }

    /// After a failed exchange (the server being killed), a short pause instead of a hot loop of refused connects.
    private func pause(unless ok: Bool) { if !ok { usleep(50_000) } }

    private func anonymousLoop(_ index: Int, until end: Double) {
        var random = SeededRandom(seed: UInt64(100 + index))
        var i = index
        while Soak.clock() < end {
            i += 1
            let ok: Bool
            switch i % 6 {
            case 0, 1, 2:
                let point = points[Int(random.next() % UInt64(points.count))]
                ok = recorder.record("nearest", client.send("GET", base + String(format: "/api/v1/nearest?lat=%.6f&lon=%.6f&k=5", point.lat, point.lon)))
            case 3:
                ok = recorder.record("coverage", client.send("GET", base + "/api/v1/coverage?by=departement"))
            case 4:
                ok = recorder.record("ogc communes items", client.send("GET", base + "/ogc/collections/communes/items?limit=20&offset=\(random.next() % 30_000)"))
            default:
                ok = recorder.record("ogc cpts items", client.send("GET", base + "/ogc/collections/cpts/items?limit=10&offset=\(random.next() % 600)"))
            }
            pause(unless: ok)
        }
    }

    private func arsLoop(until end: Double) {
        while Soak.clock() < end {
            let ok = recorder.record("coverage (ars)", client.send("GET", base + "/api/v1/coverage?by=region", token: credentials.ars))
            pause(unless: ok)
            usleep(100_000)
        }
    }

    private func coordinatorLoop(_ index: Int, _ tenant: SoakStore.Tenant, until end: Double) {
        let token = credentials.coordinators[index]
        let priorities = ["ALD", "plus-de-70-ans", "C2S", "aucune"]
        var random = SeededRandom(seed: UInt64(1_000 + index))
        var next = 0
        while Soak.clock() < end {
            // References unique in the whole run (`SOAK` + tenant + serial): a request is never re-uploaded.
            let references = (0..<batch).map { "SOAK\(index)-\(next + $0)" }
            next += batch
            let rows = references.map { reference in
                let commune = tenant.communes[Int(random.next() % UInt64(tenant.communes.count))]
                return "\(reference);\(commune);;;\(priorities[Int(random.next() % 4)]);\(random.next() % 5 == 0 ? "oui" : "non");2026-11-30"
            }
            let csv = (["reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"] + rows).joined(separator: "\n") + "\n"
            let upload = client.send("POST", base + "/api/v1/waiting-list", token: token, contentType: "text/csv", body: Data(csv.utf8))
            if recorder.record("waiting-list upload", upload) {
                let answer = (try? JSONSerialization.jsonObject(with: upload.body)) as? [String: Any]
                let stored = ((answer?["inserted"] as? NSNumber)?.intValue ?? 0) + ((answer?["updated"] as? NSNumber)?.intValue ?? 0)
                lock.withLock {
                    uploadedRequests += references.map { (cpts: tenant.cpts, reference: $0) }
                    if stored != references.count {
                        uploadAnomalies += 1
                        say("upload of \(tenant.cpts): \(stored) of \(references.count) rows stored: \(String(decoding: upload.body.prefix(300), as: UTF8.self))")
                    }
                }
            } else {
                pause(unless: false)
            }
            let match = client.send("POST", base + "/api/v1/match?commit=true&max_km=30", token: token)
            if recorder.record("match commit", match) {
                let answer = (try? JSONSerialization.jsonObject(with: match.body)) as? [String: Any]
                let assignments = (answer?["assignments"] as? [[String: Any]] ?? []).compactMap { row -> (cpts: String, reference: String, rpps: String)? in
                    guard let reference = row["reference"] as? String, let rpps = row["rpps"] as? String else { return nil }
                    return (cpts: tenant.cpts, reference: reference, rpps: rpps)
                }
                lock.withLock { committedAssignments += assignments }
            } else {
                pause(unless: false)
            }
        }
    }
}
