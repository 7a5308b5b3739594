import Storage

/// Who asks a use case for patient data, as the audit trail records them: the operator at the command line, or a
/// token's holder through the service (its label: role, scope, the token's fingerprint).
public struct Requester: Sendable, Equatable {
    public let who: String
    public let role: String
    /// The CPTS a coordinator's token is for; an event without a CPTS of its own is recorded under it.
    public let cpts: String?

    public init(who: String, role: String, cpts: String? = nil) {
        self.who = who; self.role = role; self.cpts = cpts
    }

    /// The operator running `maillage` on the store's machine.
    public static let commandLine = Requester(who: "cli", role: "operator")

    public func event(_ action: AuditEvent.Action, cpts: String?, patients: Int, outcome: String) -> AuditEvent {
        AuditEvent(who: who, role: role, action: action, cpts: cpts ?? self.cpts, patients: patients, outcome: outcome)
    }
}
