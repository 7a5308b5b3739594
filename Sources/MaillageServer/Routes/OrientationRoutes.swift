import GeometryKit
import Hummingbird
import OpenData
import Storage
import Territory

/// `/api/v1`: the nearest volunteers (public: nothing about the patient is kept or logged), and the
/// patient data of one CPTS — matching, requests near a GP, roster and waiting-list uploads — for its
/// coordinator only, each access written to the audit log.
struct OrientationRoutes {
    let state: ServiceState
    let maxBodyBytes: Int

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("nearest") { request, _ in try nearest(request) }
        api.post("match") { request, context in try match(request, context: context) }
        api.get("requests-near") { request, context in try requestsNear(request, context: context) }
        api.post("roster") { request, context in try await uploadRoster(request, context: context) }
        api.post("waiting-list") { request, context in try await uploadWaitingList(request, context: context) }
    }

    /// `?lat=&lon=` or `?commune=`, `k`, `home_visits`, `max_km`, `same_cpts`: as `maillage nearest`.
    func nearest(_ request: Request) throws -> Response {
        let query = QueryParameters(request)
        let lat = try query.double("lat", in: -90...90), lon = try query.double("lon", in: -180...180), commune = query.string("commune")
        let place: NearestQuery.Place
        switch (lat, lon, commune) {
        case (let lat?, let lon?, nil): place = .position(Coordinate(longitude: lon, latitude: lat))
        case (nil, nil, let code?): place = .commune(code)
        default: throw APIError(.badRequest, "invalid parameter", "give either lat and lon, or commune")
        }
        let nearest = NearestQuery(place: place, k: try query.int("k", in: 1...100) ?? 5, homeVisits: try query.bool("home_visits"),
                                   maxKm: try query.double("max_km", in: 0.001...1000), sameCPTS: try query.bool("same_cpts"))
        do {
            return JSONResponse.object(OrientationJSON.members(try state.orientation.desk.nearest(nearest)))
        } catch let error as OrientationError {
            throw APIError(.badRequest, "invalid location", error.description)
        }
    }

    /// POST `?max_km=30&commit=true`: the optimal matching of the coordinator's waiting list (patients of
    /// the CPTS's communes) against every volunteer; a dry run unless `commit=true`.
    func match(_ request: Request, context: MaillageRequestContext) throws -> Response {
        let cpts = try context.requireCoordinator()
        let query = QueryParameters(request)
        let maxKm = try query.double("max_km", in: 0.001...1000) ?? 30
        let commit = try query.bool("commit")
        let communes = try scope(cpts)
        let run = { (desk: OrientationService) -> WaitingListMatch in
            desk.matchWaitingList(maxKm: maxKm, requests: desk.waiting.filter { communes.contains($0.communeCode) })
        }
        let match: WaitingListMatch
        do {
            match = commit
                ? try state.write { store, snapshot in
                    let match = run(snapshot.desk)
                    try store.recordAssignments(match.assignments)
                    return match
                }
                : run(state.orientation.desk)
        } catch let error as StorageError {
            throw APIError(.conflict, "conflict", error.description)
        }
        state.audit.record(context.caller, action: commit ? "match-commit" : "match-dry-run", cpts: cpts,
                           patients: match.assignments.count + match.unassigned.count, outcome: "\(match.assignments.count) placed")
        return JSONResponse.object(OrientationJSON.members(match, maxKm: maxKm, committed: commit))
    }

    /// `?rpps=&km=10`: the CPTS's pending requests around one of its GPs, nearest first (no addresses).
    func requestsNear(_ request: Request, context: MaillageRequestContext) throws -> Response {
        let cpts = try context.requireCoordinator()
        let query = QueryParameters(request)
        guard let rpps = query.string("rpps"), HealthIdentifier.isValidRPPS(rpps) else {
            throw APIError.badParameter("rpps", "an RPPS number (11 digits with a valid Luhn key)")
        }
        let km = try query.double("km", in: 0.001...200) ?? 10
        let communes = try scope(cpts)
        let desk = state.orientation.desk
        let found: [(request: PatientRequest, distanceKm: Double)]
        do { found = try desk.requestsNear(rpps: rpps, km: km) } catch let error as OrientationError {
            throw APIError(.notFound, "unknown practitioner", error.description)
        }
        let mine = found.filter { communes.contains($0.request.communeCode) }
        state.audit.record(context.caller, action: "requests-near", cpts: cpts, patients: mine.count, outcome: "GP \(rpps), \(km) km")
        return JSONResponse.array(mine.map { OrientationJSON.members($0.request, distanceKm: $0.distanceKm) })
    }

    /// POST a roster CSV: replaces the roster of the GPs practising in the coordinator's CPTS; rows of GPs
    /// elsewhere are rejected with their line.
    func uploadRoster(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        try await upload(request, context: context, kind: "roster") { store, upload in
            let layer = state.territory.analysis.layer
            // Each row's practice by RPPS number, a batch of rows at a time: not every practitioner of the store.
            let roster = try upload.read {
                try VolunteerRoster(.text(upload.text, name: upload.file), activities: { try store.practitionerActivities(rpps: $0) }, communes: layer)
            }
            let (kept, issues, outside) = try upload.keepInside(roster.volunteers, lines: roster.lines, issues: roster.issues, commune: \.communeCode)
            let others = try store.volunteers().filter { !upload.communes.contains($0.communeCode) }
            let summary = ImportSummary.members(counts: roster.counts, issues: issues)
            try store.replaceVolunteers(others + kept, importSummary: JSONWriter.string(object: summary + [("cpts", .string(upload.cpts))]))
            return summary + [("imported_in_cpts", .number(Double(kept.count))), ("rejected_outside_cpts", outside),
                              ("issue_list", ImportSummary.issueList(issues))]
        }
    }

    /// POST a waiting-list CSV: adds (or updates) the requests of the coordinator's CPTS; rows of patients
    /// living elsewhere are rejected with their line.
    func uploadWaitingList(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        try await upload(request, context: context, kind: "waiting list") { store, upload in
            let lookup = state.territory.lookup
            let list = try upload.read { try PatientRequestFile(text: upload.text, file: upload.file, communes: lookup.communes, formerCodes: lookup.formerCodes) }
            let (kept, issues, outside) = try upload.keepInside(list.requests, lines: list.lines, issues: list.issues, commune: \.communeCode)
            let summary = ImportSummary.members(counts: list.counts, issues: issues)
            let merge = try store.mergePatientRequests(kept, importSummary: JSONWriter.string(object: summary + [("cpts", .string(upload.cpts))]))
            state.audit.record(context.caller, action: "waiting-list-upload", cpts: upload.cpts, patients: kept.count,
                               outcome: "\(merge.inserted) inserted, \(merge.updated) updated")
            return summary + [("inserted", .number(Double(merge.inserted))), ("updated", .number(Double(merge.updated))),
                              ("already_assigned_kept", .number(Double(merge.alreadyAssigned))), ("rejected_outside_cpts", outside),
                              ("issue_list", ImportSummary.issueList(issues))]
        }
    }

    /// A CSV upload of a coordinator: its CPTS and communes, the text, the name its issues carry.
    struct Upload {
        let cpts: String
        let communes: Set<String>
        let text: String
        let file: String

        func read<T>(_ parse: () throws -> T) throws -> T {
            do { return try parse() } catch let error as ImportError { throw APIError(.badRequest, "invalid CSV", error.description) }
        }

        /// The items in the CPTS's communes; the others become issues with their line. An upload where no
        /// row survives changes nothing and is a 400 listing why.
        func keepInside<T>(_ items: [T], lines: [Int], issues: [ImportIssue],
                           commune: KeyPath<T, String>) throws -> (kept: [T], issues: [ImportIssue], outside: JSONValue) {
            var kept: [T] = [], all = issues
            for (item, line) in zip(items, lines) {
                if communes.contains(item[keyPath: commune]) { kept.append(item) } else {
                    all.append(ImportIssue(file: file, line: line, reason: "outside the communes of \(cpts), the token's CPTS; rejected"))
                }
            }
            all.sort { $0.line < $1.line }
            guard !kept.isEmpty else {
                let first = all.prefix(5).map(\.description).joined(separator: "; ")
                throw APIError(.badRequest, "invalid CSV", all.isEmpty ? "no data row" : "no row could be imported: \(first)")
            }
            return (kept, all, .number(Double(items.count - kept.count)))
        }
    }

    /// Reads the body of a coordinator's upload, then runs `body` as one serialised write.
    private func upload(_ request: Request, context: MaillageRequestContext, kind: String,
                        _ body: (any MaillageStore, Upload) throws -> [(String, JSONValue)]) async throws -> Response {
        let cpts = try context.requireCoordinator()
        let text = try await RequestBody.text(request, limit: maxBodyBytes)
        let upload = Upload(cpts: cpts, communes: try scope(cpts), text: text, file: "\(kind) (\(cpts))")
        return JSONResponse.object(try state.write { store, _ in try body(store, upload) })
    }

    /// The communes of the coordinator's CPTS; a token for a CPTS the store does not know is refused.
    private func scope(_ cpts: String) throws -> Set<String> {
        guard let communes = state.communes(ofCPTS: cpts) else {
            throw APIError(.forbidden, "forbidden", "the token's CPTS \(cpts) is not in the store")
        }
        return communes
    }
}
