import Territory

/// The replaces of records already in memory (tests, benchmarks, the server's uploads): one batch through the
/// streaming replace, so both go through the same statements and the same transaction.
///
/// ```swift
/// try await store.replaceVolunteers(roster.volunteers, importSummary: "{}")
/// ```
extension MaillageStore {
    public func replacePractitionerActivities(_ activities: [PractitionerActivity], importSummary: String) async throws {
        try await replacePractitionerActivities { write in try write(activities); return importSummary }
    }

    public func replacePharmacies(_ pharmacies: [Pharmacy], importSummary: String) async throws {
        try await replacePharmacies { write in try write(pharmacies); return importSummary }
    }

    public func replaceVolunteers(_ volunteers: [Volunteer], importSummary: String) async throws {
        try await replaceVolunteers { write in try write(volunteers); return importSummary }
    }

    public func mergePatientRequests(_ requests: [PatientRequest], importSummary: String,
                                     audit: (PatientMerge) -> AuditEvent? = { _ in nil }) async throws -> PatientMerge {
        try await mergePatientRequests({ write in try write(requests); return importSummary }, audit: audit)
    }
}
