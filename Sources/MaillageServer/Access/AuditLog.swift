import Logging

/// The trail of every access to patient data: who (the caller's label), what (the action, the CPTS,
/// how many patients), when (the log timestamp). Never a patient's location or reference.
///
/// ```swift
/// audit.record(context.caller, action: "match", cpts: "CPTS-80-01", patients: 120, outcome: "dry run")
/// ```
public struct AuditLog: Sendable {
    public var logger: Logger

    public init(logger: Logger = Logger(label: "maillage.audit")) {
        self.logger = logger
    }

    public func record(_ caller: Caller, action: String, cpts: String, patients: Int, outcome: String) {
        logger.notice("patient data access", metadata: [
            "audit.who": .string(caller.label), "audit.action": .string(action), "audit.cpts": .string(cpts),
            "audit.patients": .stringConvertible(patients), "audit.outcome": .string(outcome),
        ])
    }
}
