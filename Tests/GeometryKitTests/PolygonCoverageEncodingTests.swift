import Foundation
import XCTest
@testable import GeometryKit

/// A coverage written as bytes and read back (what the store keeps of each generalised level): the same faces, edges,
/// nodes and unions; anything else refused with the reason.
final class PolygonCoverageEncodingTests: XCTestCase {
    /// Four unit squares in a 2 × 2 block, a face without polygon between them in the list, and a square with a hole
    /// away from them (an enclave face inside it).
    private func coverage() throws -> PolygonCoverage {
        let outer = try Fixtures.polygon([(10, 0), (13, 0), (13, 3), (10, 3)], holes: [[(11, 1), (11, 2), (12, 2), (12, 1)]])
        return PolygonCoverage(faces: [try Fixtures.square(0, 0, size: 1), try Fixtures.square(1, 0, size: 1), nil,
                                       try Fixtures.square(0, 1, size: 1), try Fixtures.square(1, 1, size: 1),
                                       outer, try Fixtures.square(11, 1, size: 1)])
    }

    func testTheDecodedCoverageIsTheEncodedOne() throws {
        let original = try coverage()
        let bytes = original.encoded()
        XCTAssertEqual(Array(bytes.prefix(4)), Array("MCV1".utf8))
        let decoded = try PolygonCoverage(encoded: bytes)
        XCTAssertEqual(decoded.faces.count, 7)
        XCTAssertNil(decoded.faces[2], "a face without polygon stays without")
        XCTAssertEqual(decoded.faces.map { $0?.wkb }, original.faces.map { $0?.wkb })
        XCTAssertEqual(decoded.edgeCount, original.edgeCount)
        XCTAssertEqual(decoded.vertexCount, original.vertexCount)
        XCTAssertEqual(decoded.edges.map(\.coordinates), original.edges.map(\.coordinates))
        XCTAssertEqual(decoded.edges.map(\.leftFace), original.edges.map(\.leftFace))
        XCTAssertEqual(decoded.edges.map(\.rightFace), original.edges.map(\.rightFace))
        XCTAssertEqual(decoded.edgeNodes.map(\.start), original.edgeNodes.map(\.start))
        XCTAssertEqual(decoded.edgeNodes.map(\.end), original.edgeNodes.map(\.end))
        XCTAssertEqual(decoded.edgesOfFace, original.edgesOfFace)
        XCTAssertEqual(decoded.encoded(), bytes, "written again, the same bytes")
        for group in [[0, 1, 3, 4], [0, 4], [5, 6], [1, 2, 4]] {
            let union = try XCTUnwrap(decoded.union(of: group)), expected = try XCTUnwrap(original.union(of: group))
            XCTAssertEqual(union.geometry.wkb, expected.geometry.wkb, "\(group)")
            XCTAssertEqual(union.method, expected.method, "\(group)")
        }
        XCTAssertEqual(try decoded.union(of: [0, 1, 3, 4])?.geometry.area, 4)
        XCTAssertEqual(try decoded.union(of: [5, 6])?.geometry.area, 9, "the enclave fills the hole")
    }

    func testAGeneralisedCoverageSurvivesTheTrip() throws {
        let border: [(Double, Double)] = [(1, 0), (1.01, 0.5), (0.99, 1), (1.01, 1.5), (1, 2)]
        let left = try Fixtures.polygon([(0, 0)] + border + [(0, 2)])
        let right = try Fixtures.polygon([(2, 0), (2, 2)] + border.reversed())
        let plane = PlanarFrame.planar("test plane", region: Envelope(minX: -10, minY: -10, maxX: 10, maxY: 10))
        let simplified = try PolygonCoverage(faces: [left, right]).simplified(tolerance: 0.1, frames: [plane])
        let decoded = try PolygonCoverage(encoded: simplified.encoded())
        XCTAssertEqual(decoded.vertexCount, 2 + 4 + 4)
        XCTAssertEqual(decoded.faces[0]?.area, 2)
        XCTAssertEqual(try decoded.union(of: [0, 1])?.geometry.area, 4)
    }

    func testAnythingElseIsRefusedWithItsReason() throws {
        let bytes = try coverage().encoded()
        func reason(_ bytes: [UInt8]) -> String {
            do {
                _ = try PolygonCoverage(encoded: bytes)
                return "accepted"
            } catch let error as GeometryError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(reason(Array("GEOJ".utf8) + bytes.dropFirst(4)), "invalid encoded coverage: not an encoded coverage")
        XCTAssertEqual(reason([]), "invalid encoded coverage: truncated at byte 0")
        XCTAssertTrue(reason(Array(bytes.dropLast(3))).hasPrefix("invalid encoded coverage: "), reason(Array(bytes.dropLast(3))))
        XCTAssertEqual(reason(bytes + [0]), "invalid encoded coverage: 1 bytes after the last edge")
        // The first edge's left face set to 99, out of the 7 faces.
        var outOfRange = bytes
        let firstEdge = try firstEdgeOffset(bytes)
        outOfRange.replaceSubrange(firstEdge..<(firstEdge + 4), with: [99, 0, 0, 0])
        XCTAssertEqual(reason(outOfRange), "invalid encoded coverage: edge 0 borders face 99 of 7")
    }

    /// The offset of the first edge's record: after the magic, the face count, the faces and the edge count.
    private func firstEdgeOffset(_ bytes: [UInt8]) throws -> Int {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var offset = 8
        for _ in 0..<u32(4) {
            let length = u32(offset)
            offset += 4 + (length == 0xFFFF_FFFF ? 0 : length)
        }
        return offset + 4
    }
}
