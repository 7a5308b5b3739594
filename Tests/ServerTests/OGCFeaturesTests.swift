import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import XCTest

/// OGC API – Features, Part 1 Core and GeoJSON, over real HTTP.
final class OGCFeaturesTests: XCTestCase {
    static let collections = ["communes", "cpts", "white-zones", "overlaps", "pharmacies", "accessibility", "volunteers"]

    func testLandingConformanceAndCollections() async throws {
        try await SampleService.withServer { client, _ in
            let landing = try await client.get("/ogc")
            XCTAssertEqual(landing.headers[.contentType], "application/json")
            let rels = (try landing.json()["links"]?.arrayValue ?? []).compactMap { $0["rel"]?.stringValue }
            XCTAssertEqual(Set(rels), ["self", "service-desc", "service-doc", "conformance", "data"])
            let conformance = try await client.get("/ogc/conformance").json()["conformsTo"]?.arrayValue ?? []
            XCTAssertTrue(conformance.contains(.string("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core")))
            XCTAssertTrue(conformance.contains(.string("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson")))
            let collections = try await client.get("/ogc/collections").json()["collections"]?.arrayValue ?? []
            XCTAssertEqual(collections.compactMap { $0["id"]?.stringValue }, Self.collections)
            let cpts = try await client.get("/ogc/collections/cpts").json()
            XCTAssertEqual(cpts["itemType"]?.stringValue, "feature")
            let bbox = cpts["extent"]?["spatial"]?["bbox"]?.arrayValue?.first?.arrayValue?.compactMap(\.doubleValue) ?? []
            XCTAssertEqual(bbox.count, 4)
            XCTAssertTrue(bbox[0] > 1 && bbox[2] < 5 && bbox[1] > 48 && bbox[3] < 52, "Hauts-de-France: \(bbox)")
            let patients = try await client.get("/ogc/collections/patients")
            XCTAssertEqual(patients.status, .notFound)
        }
    }

    func testItemsPagingAndBBox() async throws {
        try await SampleService.withServer { client, _ in
            var uri: String? = "/ogc/collections/communes/items?limit=1000"
            var ids: [String] = []
            while let next = uri {
                let page = try await client.get(next)
                XCTAssertEqual(page.status, .ok)
                XCTAssertEqual(page.headers[.contentType], "application/geo+json")
                let json = try page.json()
                XCTAssertEqual(json["numberMatched"]?.doubleValue, 3782)
                ids += (json["features"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                let href = (json["links"]?.arrayValue ?? []).first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
                uri = href.map { String($0[$0.range(of: "/ogc")!.lowerBound...]) }
            }
            XCTAssertEqual(ids.count, 3782)
            XCTAssertEqual(Set(ids).count, 3782, "pages do not overlap")

            // Amiens's bounding box: Amiens and its neighbours, nothing from the Nord.
            let amiens = try await client.get("/ogc/collections/communes/items/80021").json()
            XCTAssertEqual(amiens["properties"]?["name"]?.stringValue, "Amiens")
            let near = try await client.get("/ogc/collections/communes/items?bbox=2.25,49.88,2.30,49.91&limit=100").json()
            let nearIDs = (near["features"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            XCTAssertTrue(nearIDs.contains("80021"))
            XCTAssertTrue(nearIDs.allSatisfy { $0.hasPrefix("80") }, "\(nearIDs)")
            XCTAssertEqual(near["numberReturned"]?.doubleValue, Double(nearIDs.count))

            for bad in ["/ogc/collections/cpts/items?bbox=1,2,3", "/ogc/collections/cpts/items?limit=0", "/ogc/collections/cpts/items?limit=abc"] {
                let answer = try await client.get(bad)
                XCTAssertEqual(answer.status, .badRequest, bad)
            }
            let missing = try await client.get("/ogc/collections/cpts/items/CPTS-00-000")
            XCTAssertEqual(missing.status, .notFound)
        }
    }

    func testVolunteersLayerHoldsNoPatientData() async throws {
        try await SampleService.withServer { client, _ in
            let page = try await client.get("/ogc/collections/volunteers/items?limit=10000").json()
            XCTAssertEqual(page["numberMatched"]?.doubleValue, 1185)
            let keys = Set((page["features"]?.arrayValue ?? []).flatMap { feature -> [String] in
                if case .object(let members)? = feature["properties"] { return Array(members.keys) }
                return []
            })
            XCTAssertEqual(keys, ["rpps", "accepte_nouveaux_patients", "places_restantes", "visites_domicile", "code_commune", "cpts",
                                  "precision", "mis_a_jour_le", "stale", "excluded"])
        }
    }
}
