/// Why a geometry operation or a geometry input failed.
public enum GeometryError: Error, Equatable, CustomStringConvertible {
    /// GEOS refused an operation; the message is GEOS's own.
    case geos(operation: String, message: String)
    /// A WKB/WKT/GeoJSON input could not be read.
    case invalidInput(format: String, reason: String)
    /// PROJ could not build or run a transform.
    case projection(String)

    public var description: String {
        switch self {
        case .geos(let operation, let message): return "GEOS \(operation) failed: \(message)"
        case .invalidInput(let format, let reason): return "invalid \(format): \(reason)"
        case .projection(let message): return "PROJ: \(message)"
        }
    }
}
