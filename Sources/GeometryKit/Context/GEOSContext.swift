import CGEOS
import Foundation

/// The GEOS context of the calling thread.
///
/// GEOS contexts are not thread-safe, GEOS geometries are: an immutable `GEOSGeometry` can be read
/// from any thread with any context. GeometryKit therefore keeps **one context per thread**, created
/// on first use and finished when the thread exits, and every call goes through `GEOSContext.current`.
final class GEOSContext {
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

    deinit { GEOS_finish_r(handle) }

    /// The context of the calling thread.
    static var current: GEOSContext {
        if let raw = pthread_getspecific(threadKey) {
            return Unmanaged<GEOSContext>.fromOpaque(raw).takeUnretainedValue()
        }
        let context = GEOSContext()
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
        if let raw { Unmanaged<GEOSContext>.fromOpaque(raw).release() }
    }
    return key
}()
