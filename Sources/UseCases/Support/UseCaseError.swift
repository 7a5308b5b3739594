/// Why a use case refused its question, before any work: one case per cause, the message (French, as users read it)
/// beside it. The CLI prints it as a usage error, the service answers 400, 403 (`outsideScope`) or 404 (`isUnknownThing`).
public enum UseCaseError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside its documented range.
    case outOfRange(parameter: String, allowed: String)
    /// A parameter that is not one of its values, or unreadable.
    case invalid(parameter: String, reason: String)
    case unknownDepartement(String)
    case unknownRegion(String)
    case unknownCommune(String)
    case unknownCPTS(String)
    /// An RPPS number that no practitioner of the store has.
    case unknownPractitioner(String)
    /// A request that is not among those the caller may see.
    case unknownRequest(cpts: String, reference: String)
    /// Something outside the caller's CPTS (the service's 403).
    case outsideScope(String)
    /// A question without what it needs (which of several options).
    case missing(String)
    /// A proposal none of whose codes is a commune of the store.
    case noKnownCommune(unknown: [String])
    /// A file that cannot be read, or no row of which could be used: nothing was changed.
    case invalidFile(String)

    /// A code the store does not know (the service's 404), rather than a malformed question (400).
    public var isUnknownThing: Bool {
        switch self {
        case .unknownDepartement, .unknownRegion, .unknownCommune, .unknownCPTS, .unknownPractitioner, .unknownRequest: return true
        case .outOfRange, .invalid, .outsideScope, .invalidFile, .noKnownCommune, .missing: return false
        }
    }

    /// The parameter a refusal names, as the front end calls it (`--max-km` on the command line for `max_km`).
    public func naming(_ name: (String) -> String) -> UseCaseError {
        switch self {
        case .outOfRange(let parameter, let allowed): return .outOfRange(parameter: name(parameter), allowed: allowed)
        case .invalid(let parameter, let reason): return .invalid(parameter: name(parameter), reason: reason)
        default: return self
        }
    }

    public var description: String {
        switch self {
        case .outOfRange(let parameter, let allowed): return "\(parameter) doit être \(allowed)"
        case .invalid(let parameter, let reason): return "\(parameter) : \(reason)"
        case .unknownDepartement(let code): return "aucune commune du département \(code)"
        case .unknownRegion(let code): return "aucune commune de la région \(code)"
        case .unknownCommune(let code): return "aucune commune de code INSEE \(code)"
        case .unknownCPTS(let id): return "aucune CPTS \(id) dans la base"
        case .unknownPractitioner(let rpps): return "aucun praticien de numéro RPPS \(rpps)"
        case .unknownRequest(let cpts, let reference): return "aucune demande \(reference) de \(cpts) parmi celles des CPTS où vous exercez"
        case .outsideScope(let reason): return reason
        case .invalidFile(let reason), .missing(let reason): return reason
        case .noKnownCommune(let unknown):
            // The first codes only: a long list of unknown codes is the caller's own, not worth sending back whole.
            let shown = unknown.prefix(20).joined(separator: ", ") + (unknown.count > 20 ? ", … (\(unknown.count) en tout)" : "")
            return "aucune commune connue dans la proposition (inconnues : \(shown))"
        }
    }
}

/// The limits of a number a caller gives, stated once for the CLI and the service.
public struct Bounded<Value: Comparable & Sendable>: Sendable {
    public let parameter: String
    public let range: ClosedRange<Value>

    public init(_ parameter: String, _ range: ClosedRange<Value>) { self.parameter = parameter; self.range = range }

    /// `value` if within the range; `UseCaseError.outOfRange` otherwise.
    public func check(_ value: Value) throws -> Value {
        guard range.contains(value) else {
            throw UseCaseError.outOfRange(parameter: parameter, allowed: "entre \(Self.shown(range.lowerBound)) et \(Self.shown(range.upperBound))")
        }
        return value
    }

    public func check(_ value: Value?) throws -> Value? { try value.map(check) }

    /// `1000` rather than `1000.0`.
    private static func shown(_ value: Value) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
