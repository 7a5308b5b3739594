import UseCases
import Foundation
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
    /// Shared by every copy: denials beyond a handful per caller, address and minute are counted, not written one by one.
    let denials: DenialTally

    public init(store: any MaillageStore) { self.init(store: store, denials: DenialTally()) }

    init(store: any MaillageStore, denials: DenialTally) { self.store = store; self.denials = denials }

    /// Appends an event: the store writes it on its own queue, the event loop only awaits it.
    public func record(_ caller: Caller, action: AuditEvent.Action, cpts: String?, patients: Int, outcome: String) async throws {
        try await store.appendAudit(caller.requester.event(action, cpts: cpts, patients: patients, outcome: outcome))
    }
}

extension AuditLog {
    /// A 401 or 403 for `caller` from `client`: written at once while the minute's share lasts, else counted
    /// (`DenialTally`); a summary of the caller's previous minute is written when this one starts.
    func recordDenial(_ caller: Caller, client: String, outcome: String) async throws {
        let event = caller.requester.event(.denied, cpts: nil, patients: 0, outcome: outcome)
        let (write, ended) = denials.denial(client: client, who: event.who, role: event.role, outcome: outcome)
        if let ended { try await store.appendAudit(ended) }
        if write { try await store.appendAudit(event) }
    }

    /// Writes the summaries of the minutes that ended (all of them when `now` is nil).
    func flushDenials(now: Date? = Date()) async throws {
        for summary in denials.flush(now: now) { try await store.appendAudit(summary) }
    }
}
