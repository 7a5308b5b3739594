import Territory

/// Which CPTS each request of an operator's waiting-list import goes to (`maillage import patients`). With a CPTS,
/// the rows of its communes go to it and the others are rejected with their line; without, a request goes to the one
/// CPTS claiming its commune, or to none ("") when no CPTS or several claim it: a coordinator of the service never
/// sees those, the operator's `maillage match` does. A class: the read's sink fills in what it rejected.
///
/// ```swift
/// let owner = try PatientOwnership(cpts: nil, analysis: TerritoryAnalysis(layer: layer, perimeters: try await store.allCPTS()))
/// owner.assign(entry, file: "patients.csv")?.cpts   // "CPTS-80-002" for a patient of a commune only Amiens claims
/// ```
public final class PatientOwnership {
    public let cpts: String?
    private let communes: Set<String>
    /// Which CPTS claim a commune (`cpts(claiming:)`).
    private let analysis: TerritoryAnalysis
    public private(set) var rejected: [ImportIssue] = []
    public private(set) var withoutCPTS = 0

    public init(cpts: String?, analysis: TerritoryAnalysis) throws {
        self.cpts = cpts
        self.analysis = analysis
        if let cpts {
            guard let perimeter = analysis.perimeters.first(where: { $0.id == cpts }) else { throw PatientOwnershipError.unknownCPTS(cpts) }
            communes = Set(perimeter.communeCodes)
        } else {
            communes = []
        }
    }

    /// The request with its CPTS, or nil (and an issue) when it lies outside the given CPTS.
    public func assign(_ entry: PatientRequestFile.Entry, file: String) -> PatientRequest? {
        var request = entry.request
        if let cpts {
            guard communes.contains(request.communeCode) else {
                rejected.append(ImportIssue(file: file, line: entry.line,
                                            reason: "\(request.reference): commune \(request.communeCode) hors de \(cpts) : ligne refusée"))
                return nil
            }
            request.cpts = cpts
        } else {
            request.cpts = owner(ofCommune: request.communeCode)
            if request.cpts.isEmpty { withoutCPTS += 1 }
        }
        return request
    }

    /// The one CPTS claiming a commune, else "".
    public func owner(ofCommune code: String) -> String {
        let claiming = analysis.cpts(claiming: code)
        return claiming.count == 1 ? claiming[0] : ""
    }
}

public enum PatientOwnershipError: Error, CustomStringConvertible, Equatable {
    case unknownCPTS(String)

    public var description: String {
        switch self {
        case .unknownCPTS(let id): return "--cpts \(id) : cette CPTS n'est pas dans la base (lancez d'abord `maillage import cpts`)"
        }
    }
}
