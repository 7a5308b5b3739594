import Foundation
import GeometryKit
import OpenData
import Storage
import Territory
import XCTest

/// The Hauts-de-France sample's desk as the importers read it, and a scratch store holding it (communes, CPTS, RPPS
/// activities, the roster and the waiting list): what the orientation reads of a store are checked against.
struct SampleDesk {
    let store: any MaillageStore
    let layer: CommuneLayer
    let perimeters: [CPTSPerimeter]
    let activities: [PractitionerActivity]
    let roster: [Volunteer]
    let waiting: [PatientRequest]
}

extension XCTestCase {
    /// `waitingList: false`: the store without the sample's requests (a test that writes a history of its own).
    func sampleDesk(_ name: String, waitingList: Bool = true) async throws -> SampleDesk {
        let layer = try SampleScenarioCoverageTests.regionalLayer.get()
        let sample = DataFolder.path("sample-hauts-de-france")
        let perimeters = try CPTSPerimeterFile(path: sample + "/cpts-perimetres.csv.gz", isCurrentCommune: layer.contains(code:), formerCodes: [:]).perimeters
        let activities = try RPPSExtract(path: sample + "/PS_LibreAcces_Personne_activite.txt.gz", communes: layer).activities
        let roster = try VolunteerRoster(path: sample + "/medecins-volontaires.csv.gz", activities: activities, communes: layer).volunteers
        let waiting = try PatientRequestFile(path: sample + "/patients-sans-medecin-traitant.csv.gz", communes: layer).requests
        let (store, _) = try await scratchStore(name)
        try await store.replaceCommunes(layer, formerCodes: [:], importSummary: "{}")
        try await store.replaceCPTS(perimeters, importSummary: "{}")
        try await store.replacePractitionerActivities(activities, importSummary: "{}")
        try await store.replaceVolunteers(roster, importSummary: "{}")
        if waitingList { _ = try await store.mergePatientRequests(waiting, importSummary: "{}") }
        return SampleDesk(store: store, layer: layer, perimeters: perimeters, activities: activities, roster: roster, waiting: waiting)
    }
}
