import Foundation
import Territory

/// A practitioner's "no" to a pending request, with his reason: the request stays pending for the other GPs and no longer
/// shows to him. The columns of `request_decline`, one row per (request, practitioner).
public struct RequestDecline: Sendable, Codable, Equatable {
    public var cpts: String
    public var reference: String
    /// The request's commune: the indicators count declines by département and région.
    public var communeCode: String
    public var rpps: String
    public var reason: String
    /// ISO 8601, UTC, to the second (`AuditEvent.timestamp`).
    public var declinedAt: String

    public enum CodingKeys: String, CodingKey {
        case cpts = "cpts_id", reference, communeCode = "commune_code", rpps, reason, declinedAt = "declined_at"
    }

    /// `at`: an ISO 8601 timestamp (its audit event's).
    public init(_ key: PatientRequestKey, communeCode: String, rpps: String, reason: String, at: String) {
        cpts = key.cpts; reference = key.reference; self.communeCode = communeCode; self.rpps = rpps; self.reason = reason; declinedAt = at
    }

    public var key: PatientRequestKey { PatientRequestKey(cpts: cpts, reference: reference) }
}
