/// A perimeter as the ARS and the CPAM judge a CPTS project: its figures, every profession's density against its
/// département(s), région(s) and the nation, accessibility to GPs, officines, the validation flags and its neighbours.
public struct PerimeterDiagnostic: Sendable, Encodable {
    public var perimeter: DiagnosedPerimeter
    public var professions: [ProfessionDensity]
    /// Nil when no commune of the perimeter has an accessibility index.
    public var accessibility: PerimeterAccessibility?
    public var pharmacies: PerimeterPharmacies
    /// One row per `FacilityKind`, every kind listed (0 included).
    public var facilities: [FacilityCount]
    public var flags: [DiagnosticFlag]
    public var neighbours: DiagnosticNeighbours
}

public struct DiagnosedPerimeter: Sendable, Encodable {
    public var id: String
    public var name: String
    public var status: String
    public var population: Int
    public var sizeCategory: Int
    public var fundingEur: Int
    public var communes: Int
    public var communeCodes: [String]
    public var areaKm2: Double
    public var departements: [String]
    public var regions: [String]
    public var epci: [EPCIShare]
    public var contiguous: Bool
    public var parts: Int

    enum CodingKeys: String, CodingKey {
        case id, name, status, population, sizeCategory = "size_category", fundingEur = "funding_eur", communes
        case communeCodes = "commune_codes", areaKm2 = "area_km2", departements, regions, epci, contiguous, parts
    }
}

/// An EPCI some of whose communes lie in the perimeter.
public struct EPCIShare: Sendable, Encodable, Hashable {
    /// SIREN.
    public var code: String
    /// Nil when the commune import had no EPCI file with names.
    public var name: String?
    public var communesInside: Int
    public var communesTotal: Int

    enum CodingKeys: String, CodingKey { case code, name, communesInside = "communes_inside", communesTotal = "communes_total" }
}

/// One profession's practitioners in the perimeter, and densities per 10 000 inhabitants there and around.
public struct ProfessionDensity: Sendable, Encodable, Hashable {
    public var code: String
    public var label: String
    /// Distinct RPPS numbers with at least one activity in the perimeter's communes.
    public var practitioners: Int
    public var perTenThousand: Double?
    public var departementPerTenThousand: Double?
    public var regionPerTenThousand: Double?
    public var nationalPerTenThousand: Double?

    enum CodingKeys: String, CodingKey {
        case code, label, practitioners, perTenThousand = "per_10k", departementPerTenThousand = "departement_per_10k"
        case regionPerTenThousand = "region_per_10k", nationalPerTenThousand = "national_per_10k"
    }
}

/// The E2SFCA index (GPs per 100 000 inhabitants within reach) over the perimeter's communes.
public struct PerimeterAccessibility: Sendable, Encodable, Hashable {
    public struct CommuneIndex: Sendable, Encodable, Hashable {
        public var code: String
        public var name: String
        public var per100k: Double
        enum CodingKeys: String, CodingKey { case code, name, per100k = "per_100k" }
    }

    /// Population-weighted mean of its communes' indices.
    public var meanPer100k: Double
    public var lowest: CommuneIndex
    public var highest: CommuneIndex
    /// The population-weighted mean over every commune of the country.
    public var nationalMeanPer100k: Double
    /// Population of its communes whose index is below `nationalMeanPer100k`.
    public var populationBelowNationalMean: Int

    enum CodingKeys: String, CodingKey {
        case meanPer100k = "mean_per_100k", lowest, highest, nationalMeanPer100k = "national_mean_per_100k"
        case populationBelowNationalMean = "population_below_national_mean"
    }
}

/// Officines in the perimeter against the licences its communes' populations allow (CSP L.5125-4).
public struct PerimeterPharmacies: Sendable, Encodable, Hashable {
    public var officines: Int
    public var licencesAllowed: Int
    /// Licences allowed less officines: positive where openings are possible.
    public var difference: Int
    /// Population-weighted mean geodesic distance from each commune's point to its nearest officine (anywhere); nil
    /// without officines or populated communes.
    public var meanDistanceKm: Double?

    enum CodingKeys: String, CodingKey {
        case officines, licencesAllowed = "licences_allowed", difference, meanDistanceKm = "mean_distance_km"
    }
}

/// The FINESS establishments of one kind in the perimeter.
public struct FacilityCount: Sendable, Encodable, Hashable {
    public struct Establishment: Sendable, Encodable, Hashable {
        public var finess: String
        public var name: String
        public var category: String
        public var communeCode: String
        enum CodingKeys: String, CodingKey { case finess, name, category, communeCode = "commune_code" }
    }

    public var kind: String
    public var label: String
    public var count: Int
    /// By FINESS number.
    public var establishments: [Establishment]
}

/// What the validation of a perimeter looks at, raised with the communes concerned.
public struct DiagnosticFlag: Sendable, Encodable, Hashable {
    public enum Code: String, Sendable, Encodable, CaseIterable {
        case populationUnder15000 = "population-under-15000", epciSplit = "epci-split", enclosedWhiteZone = "enclosed-white-zone"
        case severalParts = "several-parts", overlap, isolatedCommune = "isolated-commune"
    }

    public var code: Code
    /// In French, as the ARS reads it.
    public var message: String
    public var communes: [String]
}

public struct DiagnosticNeighbours: Sendable, Encodable, Hashable {
    /// A CPTS claiming a commune that touches the perimeter.
    public struct CPTS: Sendable, Encodable, Hashable {
        public var id: String
        public var name: String
        public var status: String
        /// Its communes touching the perimeter.
        public var touchingCommunes: [String]
        enum CodingKeys: String, CodingKey { case id, name, status, touchingCommunes = "touching_communes" }
    }

    /// A white zone with a commune touching the perimeter.
    public struct WhiteZone: Sendable, Encodable, Hashable {
        public var id: String
        public var population: Int
        public var communes: Int
        public var touchingCommunes: [String]
        enum CodingKeys: String, CodingKey { case id, population, communes, touchingCommunes = "touching_communes" }
    }

    public var cpts: [CPTS]
    public var whiteZones: [WhiteZone]

    enum CodingKeys: String, CodingKey { case cpts, whiteZones = "white_zones" }
}
