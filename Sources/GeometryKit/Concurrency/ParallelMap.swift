import Dispatch
import Foundation

/// Runs independent work items on every core and returns the results in input order.
///
/// GEOS work (parsing, dissolving, measuring polygons) is CPU-bound and each thread has its own GEOS
/// context, so a national layer is processed on all cores at once.
///
/// ```swift
/// let areas = try ParallelMap.map(communes) { Geodesic.areaKm2(of: $0.geometry!) }
/// ```
public enum ParallelMap {
    /// `progress(done, total)` is called after each item, from the worker threads.
    public static func map<T, R>(_ items: [T], progress: (@Sendable (Int, Int) -> Void)? = nil,
                                 _ transform: (T) throws -> R) throws -> [R] {
        let slots = ResultSlots<R>(count: items.count)
        // Items are only read and each slot written once, so sharing them with the workers is safe.
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            nonisolated(unsafe) let items = items
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                let done = slots.set(index, Result { try transform(items[index]) })
                progress?(done, items.count)
            }
        }
        return try slots.values.map { try $0.get() }
    }
}

/// Result slots filled by concurrent workers, one slot each.
private final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [Result<R, Error>?]
    private var filled = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores one result; returns how many are done.
    func set(_ index: Int, _ value: Result<R, Error>) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[index] = value
        filled += 1
        return filled
    }

    var values: [Result<R, Error>] { slots.map { $0! } }
}
