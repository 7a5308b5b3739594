import CGEOS
import Foundation
import Synchronization

/// The GEOS context of the calling thread.
///
/// GEOS contexts are not thread-safe, GEOS geometries are: an immutable `GEOSGeometry` can be read
/// from any thread with any context. GeometryKit therefore gives **one context to each thread**, on first use, and
/// takes it back when the thread exits for the next thread that needs one; every call goes through
/// `GEOSContext.current`. Contexts are never finished: each owns the factory of the geometries made with it, and
/// GEOS 3.11 counts a factory's geometries without atomics, so a factory finished with its thread could be freed
/// while other threads still destroy geometries it made (the count read 0 too early): heap corruption. A pooled
/// context outlives every geometry, and at most as many exist as threads ever ran GEOS at once.
final class GEOSContext: @unchecked Sendable {
    let handle: GEOSContextHandle_t
    /// Last error message GEOS reported on this context (set by the message handler below).
    var lastError: String = ""

    private init() {
        handle = GEOS_init_r()
        let unmanaged = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let userData, let message else { return }
            Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue().lastError = String(cString: message)
        }, unmanaged)
    }

    /// The contexts of threads that have exited, for the next threads; referenced, so never freed.
    fileprivate static let idle = Mutex<[GEOSContext]>([])

    /// The context of the calling thread.
    static var current: GEOSContext {
        if let raw = pthread_getspecific(threadKey) {
            return Unmanaged<GEOSContext>.fromOpaque(raw).takeUnretainedValue()
        }
        let context = idle.withLock { $0.popLast() } ?? GEOSContext()
        context.lastError = ""
        pthread_setspecific(threadKey, Unmanaged.passRetained(context).toOpaque())
        return context
    }

    /// Takes the last error message, for a thrown `GeometryError`.
    func takeError(_ fallback: String) -> String {
        defer { lastError = "" }
        return lastError.isEmpty ? fallback : lastError
    }
}

private let threadKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { raw in
        guard let raw else { return }
        let context = Unmanaged<GEOSContext>.fromOpaque(raw).takeRetainedValue()
        GEOSContext.idle.withLock { $0.append(context) }
    }
    return key
}()
