import GeometryKit
import Territory
import XCTest

final class PractitionerTypesTests: XCTestCase {
    private func activity(_ rpps: String, profession: String = "10", savoirFaire: String = "SM54", mode: String = "L",
                          commune: String = "59350") -> PractitionerActivity {
        PractitionerActivity(rpps: rpps, professionCode: profession, professionLabel: "", savoirFaireCode: savoirFaire,
                             savoirFaireLabel: "", modeCode: mode, modeLabel: "", communeCode: commune, departementCode: "59",
                             position: Coordinate(longitude: 3.06, latitude: 50.63), precision: .commune)
    }

    func testGeneralPractitionerIsProfession10WithAGeneralPracticeSavoirFaire() {
        XCTAssertTrue(activity("1", savoirFaire: "SM54").isGeneralPractitioner)
        XCTAssertTrue(activity("1", savoirFaire: "SM53").isGeneralPractitioner)
        XCTAssertTrue(activity("1", savoirFaire: "SM26").isGeneralPractitioner)
        XCTAssertFalse(activity("1", savoirFaire: "SM02").isGeneralPractitioner, "another speciality")
        XCTAssertFalse(activity("1", savoirFaire: "").isGeneralPractitioner)
        XCTAssertFalse(activity("1", profession: "60", savoirFaire: "SM54").isGeneralPractitioner, "not a médecin")
    }

    func testGroupingKeepsEverySiteAndPrefersTheLiberalGPSite() {
        let activities = [activity("A", savoirFaire: "SM02", mode: "S", commune: "59001"), activity("B", profession: "60", savoirFaire: ""),
                          activity("A", mode: "S", commune: "59002"), activity("A", mode: "L", commune: "59003")]
        let practitioners = Practitioner.grouping(activities)
        XCTAssertEqual(practitioners.map(\.rpps), ["A", "B"], "order of first appearance")
        XCTAssertEqual(practitioners[0].activities.map(\.communeCode), ["59001", "59002", "59003"])
        XCTAssertTrue(practitioners[0].isGeneralPractitioner)
        XCTAssertEqual(practitioners[0].mainActivity.communeCode, "59003")
        XCTAssertFalse(practitioners[1].isGeneralPractitioner)
        XCTAssertEqual(practitioners[1].mainActivity.rpps, "B")
    }

    func testPatientPriorityOrderAndRawValues() {
        XCTAssertEqual(PatientPriority.allCases.map(\.rawValue), ["ALD", "plus-de-70-ans", "C2S", "aucune"])
        XCTAssertEqual(PatientPriority(rawValue: "plus-de-70-ans"), .over70)
        XCTAssertNil(PatientPriority(rawValue: "urgent"))
        XCTAssertTrue(PatientPriority.ald < .over70 && PatientPriority.over70 < .c2s && PatientPriority.c2s < .none)
        XCTAssertEqual([PatientPriority.none, .c2s, .ald, .over70].sorted(), [.ald, .over70, .c2s, .none])
    }

    func testAvailabilityAndPrecision() {
        let point = Coordinate(longitude: 3.06, latitude: 50.63)
        let volunteer = Volunteer(rpps: "10967210880", acceptsNewPatients: true, placesRemaining: 0, homeVisits: false,
                                  position: point, precision: .address, updatedOn: "2026-08-17", communeCode: "59350")
        XCTAssertFalse(volunteer.isAvailable, "no place left")
        XCTAssertEqual(LocationPrecision.commune.rawValue, "commune")
        let pharmacy = Pharmacy(finess: "023249402", finessEJ: "025076054", name: "PHARMACIE", communeCode: "02003",
                                position: point, precision: .commune, sourceCRS: nil)
        XCTAssertFalse(pharmacy.positionFromFile)
    }
}
