import Foundation
import GeometryKit
import NIOPosix
import Synchronization
import Territory

/// The territory's vector tile layers (communes, CPTS, white zones, officines), each level built on first
/// use on a thread of its own — a national level costs seconds, never on NIO's event loops — and awaited by
/// the requests that need it; tiles are encoded on NIO's blocking thread pool and kept in a bounded cache.
///
/// ```swift
/// let tile = try await tiles.tile(.cpts, TileID(z: 5, x: 16, y: 11)!)   // tile.bytes, tile.etag
/// ```
final class VectorTiles: Sendable {
    private struct Key: Hashable, Sendable { let kind: TileLayerKind; let tolerance: Int? }
    private let source: TileSource
    private let levels = BuiltOnce<Key, TileLayer>(threadName: "maillage-tile-levels")
    private let cache = TileCache(maxBytes: 64 << 20)

    init(_ source: TileSource) { self.source = source }

    /// The layer at the level drawn at `zoom` (built now if no request asked for it before).
    func layer(_ kind: TileLayerKind, zoom: Int) async throws -> TileLayer {
        let key = Key(kind: kind, tolerance: kind.hasPolygons ? TileLayerKind.toleranceMetres(atZoom: zoom) : nil)
        return try await levels.value(key) { [source] in try source.layer(kind, toleranceMetres: key.tolerance) }
    }

    func tile(_ kind: TileLayerKind, _ id: TileID) async throws -> ServedTile {
        let layer = try await layer(kind, zoom: id.z)
        return try await cache.tile("\(kind.rawValue)/\(id)") { try layer.tile(id) }
    }
}

/// A tile as sent: its bytes and their entity tag (FNV-1a 64 of the bytes, so that an unchanged tile keeps
/// its tag across restarts and instances).
struct ServedTile: Sendable {
    let bytes: [UInt8]
    let etag: String

    init(_ encoded: EncodedTile) {
        bytes = encoded.bytes
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in encoded.bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        etag = "\"" + String(hash, radix: 16) + "-" + String(encoded.bytes.count) + "\""
    }
}

/// Encoded tiles by key, up to `maxBytes` in all; the oldest go first when full. Encoding runs on NIO's
/// thread pool; two requests for the same missing tile may both encode it (same bytes), none waits on a lock.
final class TileCache: Sendable {
    private struct State { var tiles: [String: ServedTile] = [:]; var order: [String] = []; var bytes = 0 }
    private let state = Mutex(State())
    let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func tile(_ key: String, encode: @escaping @Sendable () throws -> EncodedTile) async throws -> ServedTile {
        if let known = state.withLock({ $0.tiles[key] }) { return known }
        let served = ServedTile(try await Offload.run(encode))
        state.withLock { state in
            guard state.tiles[key] == nil else { return }
            state.tiles[key] = served; state.order.append(key); state.bytes += served.bytes.count
            while state.bytes > maxBytes, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.bytes -= state.tiles.removeValue(forKey: oldest)?.bytes.count ?? 0
            }
        }
        return served
    }
}
