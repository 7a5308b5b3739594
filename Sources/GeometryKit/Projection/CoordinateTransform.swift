import CPROJ
import Foundation

/// A coordinate transform between two CRS, built and run by PROJ (`proj_create_crs_to_crs`,
/// normalised so that geographic CRS are longitude first, as GeoJSON).
///
/// ```swift
/// let lambert93 = try CoordinateTransform(from: "EPSG:2154", to: "EPSG:4326")
/// try lambert93.transform(Coordinate(x: 870262.2, y: 6571540.8))   // (5.20918…, 46.22229…)
/// ```
///
/// A PROJ context is not thread-safe: each transform owns its context and serialises its calls.
public final class CoordinateTransform: @unchecked Sendable {
    public let source: String
    public let target: String
    private let context: OpaquePointer
    private let transformation: OpaquePointer
    private let lock = NSLock()

    public init(from source: String, to target: String) throws {
        self.source = source
        self.target = target
        context = proj_context_create()
        guard let raw = proj_create_crs_to_crs(context, source, target, nil) else {
            let message = CoordinateTransform.lastError(context)
            proj_context_destroy(context)
            throw GeometryError.projection("no transform from \(source) to \(target): \(message)")
        }
        guard let normalized = proj_normalize_for_visualization(context, raw) else {
            proj_destroy(raw)
            proj_context_destroy(context)
            throw GeometryError.projection("cannot normalise the axis order of \(source) → \(target)")
        }
        proj_destroy(raw)
        transformation = normalized
    }

    deinit {
        proj_destroy(transformation)
        proj_context_destroy(context)
    }

    /// Transforms one position (proj_trans, forward direction).
    public func transform(_ c: Coordinate) throws -> Coordinate {
        lock.lock()
        defer { lock.unlock() }
        let output = proj_trans(transformation, PJ_FWD, proj_coord(c.x, c.y, 0, 0))
        guard output.xy.x.isFinite, output.xy.y.isFinite, output.xy.x != Double.greatestFiniteMagnitude else {
            // proj_trans reports on the transformation, not always on the context.
            let code = proj_errno(transformation)
            let message = code != 0 ? proj_context_errno_string(context, code).map { String(cString: $0) } ?? "error \(code)"
                                    : "no finite result (position outside the CRS's domain?)"
            proj_errno_reset(transformation)
            throw GeometryError.projection("cannot transform \(c) from \(source) to \(target): \(message)")
        }
        return Coordinate(x: output.xy.x, y: output.xy.y)
    }

    /// Transforms many positions in one PROJ call (`proj_trans_generic`), as `transform(_:)` does one by one.
    public func transform(_ coordinates: [Coordinate]) throws -> [Coordinate] {
        var xs = coordinates.map(\.x), ys = coordinates.map(\.y)
        let stride = MemoryLayout<Double>.stride
        lock.lock()
        let failed = xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                proj_trans_generic(transformation, PJ_FWD, x.baseAddress, stride, x.count, y.baseAddress, stride, y.count,
                                   nil, 0, 0, nil, 0, 0)
            }
        } != coordinates.count
        lock.unlock()
        let result = zip(xs, ys).map { Coordinate(x: $0, y: $1) }
        if failed, let bad = result.firstIndex(where: { !$0.x.isFinite || !$0.y.isFinite || $0.x == .greatestFiniteMagnitude }) {
            throw GeometryError.projection("cannot transform \(coordinates[bad]) from \(source) to \(target)")
        }
        return result
    }

    private static func lastError(_ context: OpaquePointer?) -> String {
        let code = proj_context_errno(context)
        guard code != 0, let text = proj_context_errno_string(context, code) else { return "unknown CRS or no grid" }
        return String(cString: text)
    }
}

/// Transforms to WGS84 from any CRS, each built once and kept (building one reads PROJ's database).
public final class WGS84Transforms: @unchecked Sendable {
    private var cache: [String: CoordinateTransform] = [:]
    private let lock = NSLock()

    public init() {}

    /// The transform from `crs` (e.g. "EPSG:2154") to EPSG:4326 longitude/latitude.
    public func fromCRS(_ crs: String) throws -> CoordinateTransform {
        lock.lock()
        defer { lock.unlock() }
        if let transform = cache[crs] { return transform }
        let transform = try CoordinateTransform(from: crs, to: "EPSG:4326")
        cache[crs] = transform
        return transform
    }
}
