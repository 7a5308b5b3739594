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

/// Reads the commune polygons of every `*.geojson` (or `*.geojson.gz`) file of a folder (one FeatureCollection per
/// département, properties `code` and `nom`), on all cores. Invalid polygons are repaired with
/// `makeValid` and reported; features without a code or geometry are reported, never dropped silently.
public struct CommuneGeometryFiles: Sendable {
    public let geometries: [PublishedCommuneGeometry]
    public let files: [String]
    public let issues: [ImportIssue]
    /// Codes whose polygon was invalid and repaired by GEOS MakeValid.
    public let repaired: [String]

    /// - Parameter keeping: which feature codes to build a polygon for (nil: all); features outside it — another
    ///   région's, for a regional deployment — are parsed but neither built nor reported.
    public init(directory: String, keeping: (@Sendable (String) -> Bool)? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { FileBytes.hasExtension($0, in: [".geojson", ".json"]) }.sorted()
        guard !names.isEmpty else { throw ImportError(file: directory, reason: "aucun fichier .geojson ou .geojson.gz dans ce dossier") }
        let paths = names.map { (directory as NSString).appendingPathComponent($0) }
        let results = try ParallelMap.map(paths, progress: progress) { try CommuneGeometryFiles.read($0, keeping: keeping) }
        var geometries: [PublishedCommuneGeometry] = [], issues: [ImportIssue] = [], repaired: [String] = []
        for file in results {
            geometries += file.geometries; issues += file.issues; repaired += file.repaired
        }
        self.geometries = geometries
        self.files = paths
        self.issues = issues
        self.repaired = repaired
    }

    private static func read(_ path: String, keeping: ((String) -> Bool)?) throws
        -> (geometries: [PublishedCommuneGeometry], issues: [ImportIssue], repaired: [String]) {
        let data = try FileBytes.read(path)
        let features: [GeoJSONFeature]
        do {
            features = try GeoJSON.features(in: JSONParser.parse(data))
        } catch let error as JSONParser.SyntaxError {
            throw ImportError(file: path, line: error.line, reason: "pas du JSON : \(error.reason)")
        } catch {
            throw ImportError(file: path, reason: "\(error)")
        }
        var geometries: [PublishedCommuneGeometry] = [], issues: [ImportIssue] = [], repaired: [String] = []
        for (index, feature) in features.enumerated() {
            let where_ = "objet \(index)"
            guard let code = feature.properties["code"]?.stringValue, !code.isEmpty else {
                issues.append(ImportIssue(file: path, line: 0, reason: "\(where_) : pas de propriété 'code'")); continue
            }
            if let keeping, !keeping(code) { continue }
            guard let shape = feature.geometry, !shape.polygons.isEmpty else {
                issues.append(ImportIssue(file: path, line: 0, reason: "\(where_) (\(code)) : pas de polygone")); continue
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
                issues.append(ImportIssue(file: path, line: 0, reason: "\(where_) (\(code)) : \(error)"))
            }
        }
        return (geometries, issues, repaired)
    }
}
