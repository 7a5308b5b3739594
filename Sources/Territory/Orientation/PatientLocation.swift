import GeometryKit

/// Where a patient lives as the service understands it: a position, its commune, the CPTS that cover it.
public struct PatientLocation: Sendable {
    public var position: Coordinate
    /// The commune under the position (nil outside the layer, e.g. at sea or abroad).
    public var communeCode: String?
    /// CPTS (of a covering status) whose territory includes the commune; empty in a white zone.
    public var cpts: [String]
    public var precision: LocationPrecision

    public var inWhiteZone: Bool { communeCode != nil && cpts.isEmpty }
}

extension TerritoryAnalysis {
    /// Locates a patient given by coordinates (the commune is the one under the point).
    public func locate(_ position: Coordinate) -> PatientLocation {
        let commune = layer.communeContaining(position)
        return PatientLocation(position: position, communeCode: commune?.code, cpts: commune.map { coveringCPTS(ofCommune: $0.code) } ?? [],
                               precision: .address)
    }

    /// Locates a patient given by commune only: the commune's representative point stands for the address.
    public func locate(communeCode: String) -> PatientLocation? {
        guard let commune = layer.commune(communeCode), let point = commune.representativePoint else { return nil }
        return PatientLocation(position: point, communeCode: commune.code, cpts: coveringCPTS(ofCommune: commune.code), precision: .commune)
    }
}
