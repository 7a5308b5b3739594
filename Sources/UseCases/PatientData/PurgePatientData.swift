import Foundation
import Storage
import Territory

/// Erases the patient data no longer needed, in one audited transaction: the positions of requests assigned before a
/// date (the assignment itself is kept), and the pending requests registered more than N months ago. `maillage purge`.
public struct PurgePatientData: Sendable {
    public let assignedBefore: String?
    public let pendingOlderThanMonths: Int?

    public init(assignedBefore: String?, pendingOlderThanMonths: Int?) throws {
        guard assignedBefore != nil || pendingOlderThanMonths != nil else {
            throw UseCaseError.missing("donner --assigned-before DATE, --pending-older-than MOIS, ou les deux")
        }
        if let assignedBefore, assignedBefore.count != 10 || !AuditTrail.isISODate(assignedBefore) {
            throw UseCaseError.invalid(parameter: "assigned-before", reason: "\(assignedBefore) : date attendue AAAA-MM-JJ")
        }
        if let pendingOlderThanMonths, pendingOlderThanMonths < 1 {
            throw UseCaseError.outOfRange(parameter: "pending-older-than", allowed: "d'au moins 1 mois")
        }
        self.assignedBefore = assignedBefore
        self.pendingOlderThanMonths = pendingOlderThanMonths
    }

    public func run(store: any MaillageStore, by requester: Requester, now: Date = Date()) async throws -> PurgeAnswer {
        let cutoff = pendingOlderThanMonths.map { CalendarDay.day(CalendarDay.of(now), lessMonths: $0)! }
        let options = [assignedBefore.map { "--assigned-before \($0)" }, pendingOlderThanMonths.map { "--pending-older-than \($0)" }]
        let counts = try await store.purgePatientData(assignedBefore: assignedBefore, pendingRegisteredBefore: cutoff,
                                                      audit: requester.event(.purge, cpts: nil, patients: 0,
                                                                             outcome: options.compactMap { $0 }.joined(separator: " ")))
        return PurgeAnswer(counts: counts, pendingRegisteredBefore: cutoff)
    }
}

public struct PurgeAnswer: Encodable, Sendable {
    public let counts: PurgeCounts
    public let pendingRegisteredBefore: String?

    enum CodingKeys: String, CodingKey {
        case assignedPositionsErased = "assigned_positions_erased", pendingRequestsDeleted = "pending_requests_deleted"
        case pendingRegisteredBefore = "pending_registered_before"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(counts.assignedPositionsErased, forKey: .assignedPositionsErased)
        try c.encode(counts.pendingDeleted, forKey: .pendingRequestsDeleted)
        try c.encode(pendingRegisteredBefore, forKey: .pendingRegisteredBefore)
    }
}
