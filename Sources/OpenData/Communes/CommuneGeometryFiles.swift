import Foundation
import GeometryKit

/// One commune polygon as published in a geometry file (possibly under a former code).
public struct PublishedCommuneGeometry: Sendable {
    public var code: String
    public var name: String
    public var geometry: Geometry
    public var file: String
    /// Index of the feature in its file (0-based), for reports.
    public var featureIndex: Int
}

/// Reads the commune polygons of every `*.geojson` file of a folder (one FeatureCollection per
/// département, properties `code` and `nom`), on all cores. Invalid polygons are repaired with
/// `makeValid` and reported; features without a code or geometry are reported, never dropped silently.
public struct CommuneGeometryFiles: Sendable {
    public let geometries: [PublishedCommuneGeometry]
    public let files: [String]
    public let issues: [ImportIssue]
    /// Codes whose polygon was invalid and repaired by GEOS MakeValid.
    public let repaired: [String]

    public init(directory: String, progress: (@Sendable (Int, Int) -> Void)? = nil) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".geojson") || $0.hasSuffix(".json") }.sorted()
        guard !names.isEmpty else { throw ImportError(file: directory, reason: "no .geojson file in this folder") }
        let paths = names.map { (directory as NSString).appendingPathComponent($0) }
        let results = try ParallelMap.map(paths, progress: progress, CommuneGeometryFiles.read)
        var geometries: [PublishedCommuneGeometry] = [], issues: [ImportIssue] = [], repaired: [String] = []
        for file in results {
            geometries += file.geometries; issues += file.issues; repaired += file.repaired
        }
        self.geometries = geometries
        self.files = paths
        self.issues = issues
        self.repaired = repaired
    }

    private static func read(_ path: String) throws -> (geometries: [PublishedCommuneGeometry], issues: [ImportIssue], repaired: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImportError(file: path, reason: "cannot read the file") }
        let features: [GeoJSONFeature]
        do {
            features = try GeoJSON.features(in: JSONParser.parse([UInt8](data)))
        } catch let error as JSONParser.SyntaxError {
            throw ImportError(file: path, line: error.line, reason: "not JSON: \(error.reason)")
        } catch {
            throw ImportError(file: path, reason: "\(error)")
        }
        var geometries: [PublishedCommuneGeometry] = [], issues: [ImportIssue] = [], repaired: [String] = []
        for (index, feature) in features.enumerated() {
            let where_ = "feature \(index)"
            guard let code = feature.properties["code"]?.stringValue, !code.isEmpty else {
                issues.append(ImportIssue(file: path, line: 0, reason: "\(where_): no 'code' property")); continue
            }
            guard let shape = feature.geometry, !shape.polygons.isEmpty else {
                issues.append(ImportIssue(file: path, line: 0, reason: "\(where_) (\(code)): no polygon")); continue
            }
            do {
                var geometry = try Geometry(shape: shape)
                if !geometry.isValid {
                    geometry = try geometry.makeValid()
                    repaired.append(code)
                }
                geometries.append(PublishedCommuneGeometry(code: code, name: feature.properties["nom"]?.stringValue ?? "",
                                                           geometry: geometry, file: path, featureIndex: index))
            } catch {
                issues.append(ImportIssue(file: path, line: 0, reason: "\(where_) (\(code)): \(error)"))
            }
        }
        return (geometries, issues, repaired)
    }
}
