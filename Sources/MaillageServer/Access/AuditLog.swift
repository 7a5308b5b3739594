import UseCases
import Storage

/// The trail of every access to patient data and every refusal, kept in the store (`audit_event`, append-only):
/// who (the caller's label), what, for which CPTS, how many patients, the outcome — never a patient's reference or
/// location. Changes write their event in their own transaction (`event(…)` handed to the store); reads and
/// denials append one here. No log level drops it: `maillage audit` reads it back.
///
/// ```swift
/// try await state.audit.record(context.caller, action: .requestsNear, cpts: "CPTS-80-01", patients: 12, outcome: "GP …, 10 km")
/// ```
public struct AuditLog: Sendable {
    let store: any MaillageStore

    public init(store: any MaillageStore) { self.store = store }

    /// Appends an event: the store writes it on its own queue, the event loop only awaits it.
    public func record(_ caller: Caller, action: AuditEvent.Action, cpts: String?, patients: Int, outcome: String) async throws {
        try await store.appendAudit(caller.requester.event(action, cpts: cpts, patients: patients, outcome: outcome))
    }
}
