import GeometryKit
import Hummingbird
import OpenData
import Storage
import Territory
import UseCases

/// `/api/v1`: the nearest volunteers (public: nothing about the patient is kept or logged), and the
/// patient data of one CPTS — matching, requests near a GP, roster and waiting-list uploads — for its
/// coordinator only, each access written to the audit log.
struct OrientationRoutes {
    let state: ServiceState
    let maxBodyBytes: Int

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("nearest") { request, _ in try nearest(request) }
        api.post("match") { request, context in try await match(request, context: context) }
        api.get("requests-near") { request, context in try await requestsNear(request, context: context) }
        api.post("roster") { request, context in try await uploadRoster(request, context: context) }
        api.post("waiting-list") { request, context in try await uploadWaitingList(request, context: context) }
    }

    /// `?lat=&lon=` or `?commune=`, `k`, `home_visits`, `max_km`, `same_cpts`: `Nearest`, as `maillage nearest`.
    func nearest(_ request: Request) throws -> Response {
        let query = QueryParameters(request)
        let lat = try query.double("lat", in: -90...90), lon = try query.double("lon", in: -180...180), commune = query.string("commune")
        let place: NearestQuery.Place
        switch (lat, lon, commune) {
        case (let lat?, let lon?, nil): place = .position(Coordinate(longitude: lon, latitude: lat))
        case (nil, nil, let code?): place = .commune(code)
        default: throw APIError(.badRequest, "invalid parameter", "give either lat and lon, or commune")
        }
        let question = try Nearest(place: place, k: try query.int("k") ?? 5, homeVisits: try query.bool("home_visits"),
                                   maxKm: try query.double("max_km"), sameCPTS: try query.bool("same_cpts"))
        do {
            return try JSONResponse.answer(try question.answer(from: state.orientation.desk))
        } catch let error as OrientationError {
            throw APIError(.badRequest, "invalid location", error.description)
        }
    }

    /// POST `?max_km=30&commit=true`: the optimal matching of the coordinator's waiting list against the volunteers
    /// practising in its communes (`OrientationService.scoped`); a dry run unless `commit=true`. A commit is matched on
    /// what the store holds at that moment and retried when another commit took a place first.
    func match(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let cpts = try context.requireCoordinator()
        let query = QueryParameters(request)
        let maxKm = try query.double("max_km", in: 0.001...1000) ?? 30
        let commit = try query.bool("commit")
        let communes = try scope(cpts)
        let (caller, audit, territory) = (context.caller, state.audit, state.territory)
        let match: WaitingListMatch
        if commit {
            match = try await state.write { store in
                var attempt = 1
                while true {
                    let desk = OrientationService(cpts: cpts, communes: communes, analysis: territory.analysis,
                                                  volunteers: try await store.volunteers(inCommunes: communes),
                                                  practice: { _ in nil }, waiting: try await store.pendingPatientRequests(ofCPTS: cpts))
                    let match = desk.matchWaitingList(maxKm: maxKm)
                    let event = audit.event(caller, action: .matchCommit, cpts: cpts, patients: match.assignments.count + match.unassigned.count,
                                            outcome: "\(match.assignments.count) placed")
                    do {
                        try await store.recordAssignments(match.assignments, audit: event)
                        return match
                    } catch let error as StorageError where error.isConflict && attempt < 5 {
                        attempt += 1   // a place taken by a concurrent commit of a neighbouring CPTS: match again
                    } catch let error as StorageError where error.isConflict {
                        throw APIError(.conflict, "conflict", error.description)
                    }
                }
            }
        } else {
            let desk = state.orientation.desk
            match = try await state.offload { desk.scoped(toCPTS: cpts, communes: communes).matchWaitingList(maxKm: maxKm) }
            try await audit.record(caller, action: .matchDryRun, cpts: cpts, patients: match.assignments.count + match.unassigned.count,
                                   outcome: "\(match.assignments.count) placed")
        }
        return try JSONResponse.answer(MatchAnswer(match: match, maxKm: maxKm, committed: commit))
    }

    /// `?rpps=&km=10`: the CPTS's pending requests around one of its GPs (practising in its communes), nearest first,
    /// distances rounded to 0.5 km: no address, and too coarse for a few queries from several GPs to place a home.
    func requestsNear(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let cpts = try context.requireCoordinator()
        let query = QueryParameters(request)
        guard let rpps = query.string("rpps"), HealthIdentifier.isValidRPPS(rpps) else {
            throw APIError.badParameter("rpps", "an RPPS number (11 digits with a valid Luhn key)")
        }
        let km = try query.double("km", in: 0.001...200) ?? 10
        let communes = try scope(cpts)
        let desk = state.orientation.desk
        // Where and in which commune the GP practises: its roster row, else its main activity (read once).
        let volunteer = desk.volunteer(rpps: rpps)
        let activities = volunteer == nil ? try await state.store.practitionerActivities(rpps: [rpps]) : []
        let found = try await state.offload { () throws -> [(request: PatientRequest, distanceKm: Double)] in
            let practice = volunteer.map { ($0.communeCode, $0.position) }
                ?? Practitioner.grouping(activities).first.map { ($0.mainActivity.communeCode, $0.mainActivity.position) }
            guard let (commune, position) = practice else {
                throw APIError(.notFound, "unknown practitioner", OrientationError.unknownPractitioner(rpps).description)
            }
            guard communes.contains(commune) else {
                throw APIError(.forbidden, "forbidden", "GP \(rpps) does not practise in the communes of \(cpts), the token's CPTS")
            }
            return desk.scoped(toCPTS: cpts, communes: communes).requestsNear(position, km: km)
        }
        try await state.audit.record(context.caller, action: .requestsNear, cpts: cpts, patients: found.count, outcome: "GP \(rpps), \(km) km")
        return try JSONResponse.answer(found.map { RequestNear(request: $0.request, distanceKm: ($0.distanceKm * 2).rounded() / 2) })
    }

    /// POST a roster CSV: replaces the roster rows the coordinator's CPTS owns. Rows of GPs practising elsewhere, or
    /// whose row another CPTS owns, are rejected with their line; rows of the operator's import become the CPTS's.
    func uploadRoster(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        try await upload(request, context: context, kind: "roster", action: .rosterUpload) { store, upload in
            let layer = state.territory.analysis.layer, source = DelimitedSource.text(upload.text, name: upload.file)
            // The practices of the rows' GPs, read by RPPS number before the roster is read against them: not every
            // practitioner of the store.
            let numbers = try upload.read { try VolunteerRoster.rppsNumbers(source, communes: layer) }
            let activities = try await store.practitionerActivities(rpps: numbers)
            let roster = try upload.read { try VolunteerRoster(source, activities: activities, communes: layer) }
            let inside = try upload.keepInside(roster.volunteers, lines: roster.lines, issues: roster.issues, commune: \.communeCode)
            let owners = try await store.rosterOwners(rpps: inside.items.map(\.rpps))
            let kept = try upload.keep(inside.items, lines: inside.lines, issues: inside.issues) { volunteer in
                owners[volunteer.rpps].flatMap { $0 == upload.cpts ? nil : StorageError.rosterRowOwned(rpps: volunteer.rpps, owner: $0).description }
            }
            let summary = try ImportSummary.members(counts: roster.counts, issues: kept.issues)
            try await store.replaceRoster(ofCPTS: upload.cpts, kept.items,
                                          importSummary: JSONWriter.string(object: summary + [("cpts", .string(upload.cpts))]),
                                          audit: upload.event(patients: 0, outcome: "\(kept.items.count) volunteers"))
            return summary + [("imported_in_cpts", .number(Double(kept.items.count))), ("rejected_outside_cpts", .number(Double(inside.rejected))),
                              ("rejected_owned_by_other_cpts", .number(Double(kept.rejected))), ("issue_list", ImportSummary.issueList(kept.issues))]
        }
    }

    /// POST a waiting-list CSV: adds (or updates) the requests of the coordinator's CPTS, known by (CPTS, reference);
    /// rows of patients living elsewhere are rejected with their line.
    func uploadWaitingList(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        try await upload(request, context: context, kind: "waiting list", action: .waitingListUpload) { store, upload in
            let lookup = state.territory.lookup
            let list = try upload.read { try PatientRequestFile(text: upload.text, file: upload.file, communes: lookup.communes, formerCodes: lookup.formerCodes) }
            let inside = try upload.keepInside(list.requests, lines: list.lines, issues: list.issues, commune: \.communeCode)
            let kept = inside.items.map { request -> PatientRequest in
                var request = request
                request.cpts = upload.cpts
                return request
            }
            let summary = try ImportSummary.members(counts: list.counts, issues: inside.issues)
            let merge = try await store.mergePatientRequests(kept, importSummary: JSONWriter.string(object: summary + [("cpts", .string(upload.cpts))])) {
                upload.event(patients: kept.count, outcome: "\($0.inserted) inserted, \($0.updated) updated, \($0.alreadyAssigned) already assigned")
            }
            return summary + [("inserted", .number(Double(merge.inserted))), ("updated", .number(Double(merge.updated))),
                              ("already_assigned_kept", .number(Double(merge.alreadyAssigned))),
                              ("rejected_outside_cpts", .number(Double(inside.rejected))), ("issue_list", ImportSummary.issueList(inside.issues))]
        }
    }

    /// A CSV upload of a coordinator: its CPTS and communes, the text, the name its issues carry.
    struct Upload: Sendable {
        let cpts: String
        let communes: Set<String>
        let text: String
        let file: String
        let caller: Caller
        let action: AuditEvent.Action
        let audit: AuditLog

        func read<T>(_ parse: () throws -> T) throws -> T {
            do { return try parse() } catch let error as ImportError { throw APIError(.badRequest, "invalid CSV", error.description) }
        }

        func event(patients: Int, outcome: String) -> AuditEvent {
            audit.event(caller, action: action, cpts: cpts, patients: patients, outcome: outcome)
        }

        /// What a filter kept, with the lines they came from; the rejected ones become issues with their line.
        struct Kept<T> {
            var items: [T]
            var lines: [Int]
            var issues: [ImportIssue]
            var rejected: Int
        }

        /// The items `reject` has no reason to refuse. An upload where no row survives changes nothing and is a 400 listing why.
        func keep<T>(_ items: [T], lines: [Int], issues: [ImportIssue], reject: (T) -> String?) throws -> Kept<T> {
            var kept = Kept<T>(items: [], lines: [], issues: issues, rejected: 0)
            for (item, line) in zip(items, lines) {
                if let reason = reject(item) {
                    kept.issues.append(ImportIssue(file: file, line: line, reason: reason))
                    kept.rejected += 1
                } else {
                    kept.items.append(item); kept.lines.append(line)
                }
            }
            kept.issues.sort { $0.line < $1.line }
            guard !kept.items.isEmpty else {
                let first = kept.issues.prefix(5).map(\.description).joined(separator: "; ")
                throw APIError(.badRequest, "invalid CSV", kept.issues.isEmpty ? "no data row" : "no row could be imported: \(first)")
            }
            return kept
        }

        /// The items in the CPTS's communes.
        func keepInside<T>(_ items: [T], lines: [Int], issues: [ImportIssue], commune: KeyPath<T, String>) throws -> Kept<T> {
            try keep(items, lines: lines, issues: issues) {
                communes.contains($0[keyPath: commune]) ? nil : "outside the communes of \(cpts), the token's CPTS; rejected"
            }
        }
    }

    /// Reads the body of a coordinator's upload, then runs `body` as a write off the event loops (on the thread pool:
    /// its parsing, and the waiting list's merge, whose streaming transaction holds its thread). A refused upload
    /// (invalid CSV, a conflict) is audited too, with its reason.
    private func upload(_ request: Request, context: MaillageRequestContext, kind: String, action: AuditEvent.Action,
                        _ body: @escaping @Sendable (any MaillageStore, Upload) async throws -> [(String, JSONValue)]) async throws -> Response {
        let cpts = try context.requireCoordinator()
        let text = try await RequestBody.text(request, limit: maxBodyBytes)
        let upload = Upload(cpts: cpts, communes: try scope(cpts), text: text, file: "\(kind) (\(cpts))", caller: context.caller,
                            action: action, audit: state.audit)
        do {
            return JSONResponse.object(try await state.write { store in try await body(store, upload) })
        } catch {
            // The kind of refusal only: the detail quotes rows, and a row names a patient.
            let conflict = (error as? StorageError).flatMap { $0.isConflict ? $0 : nil }
            let reason = (error as? APIError).map { "\($0.status.code) \($0.error)" } ?? (conflict.map { _ in "409 conflict" } ?? "500 failed")
            try await state.audit.record(context.caller, action: action, cpts: cpts, patients: 0, outcome: "refused: \(reason)")
            if let conflict { throw APIError(.conflict, "conflict", conflict.description) }
            throw error
        }
    }

    /// The communes of the coordinator's CPTS; a token for a CPTS the store does not know is refused.
    private func scope(_ cpts: String) throws -> Set<String> {
        guard let communes = state.communes(ofCPTS: cpts) else {
            throw APIError(.forbidden, "forbidden", "the token's CPTS \(cpts) is not in the store")
        }
        return communes
    }
}
