import GeometryKit

/// The JSON members of Maillage's outputs, with the field names of SPEC ("Outputs"). One place, used by
/// the CLI (`--format json`), the GeoJSON exports and the HTTP API alike.
public enum TerritoryJSON {
    public static func members(_ r: CPTSReport) -> [(String, JSONValue)] {
        [("id", .string(r.id)), ("name", .string(r.perimeter.name)), ("status", .string(r.perimeter.status.rawValue)),
         ("population", .number(Double(r.population))), ("size_category", .number(Double(r.sizeCategory.rawValue))),
         ("funding_eur", .number(Double(r.sizeCategory.fundingEuros))), ("communes", .number(Double(r.perimeter.communeCodes.count))),
         ("area_km2", rounded(r.areaKm2)), ("departements", strings(r.departements)), ("regions", strings(r.regions)),
         ("contiguous", .bool(r.isContiguous)), ("parts", .number(Double(r.parts))), ("overlaps_with", strings(r.overlapsWith))]
    }

    public static func members(_ o: CPTSOverlap) -> [(String, JSONValue)] {
        [("cpts_a", .string(o.cptsA)), ("cpts_b", .string(o.cptsB)), ("commune_codes", strings(o.communeCodes)),
         ("communes", .number(Double(o.communeCodes.count))), ("population", .number(Double(o.population)))]
    }

    public static func members(_ z: WhiteZone, id: String) -> [(String, JSONValue)] {
        [("id", .string(id)), ("population", .number(Double(z.population))), ("communes", .number(Double(z.communeCodes.count))),
         ("commune_codes", strings(z.communeCodes)), ("area_km2", rounded(z.areaKm2)), ("departements", strings(z.departements))]
    }

    public static func members(_ c: CoverageFigures, level: CoverageLevel) -> [(String, JSONValue)] {
        let key: [(String, JSONValue)] = level == .nation ? [] : [(level == .cpts ? "id" : level.rawValue, .string(c.code))]
        return key + [("population_total", .number(Double(c.populationTotal))), ("population_covered", .number(Double(c.populationCovered))),
                      ("coverage_rate", rounded(c.coverageRate, 4)), ("communes_total", .number(Double(c.communesTotal))),
                      ("communes_covered", .number(Double(c.communesCovered)))]
    }

    public static func members(_ check: PerimeterCheck, unknownCodes: [String], translatedCodes: [String: String]) -> [(String, JSONValue)] {
        let r = check.report
        return [("id", .string(r.id)), ("name", .string(r.perimeter.name)), ("population", .number(Double(r.population))),
                ("size_category", .number(Double(r.sizeCategory.rawValue))), ("funding_eur", .number(Double(r.sizeCategory.fundingEuros))),
                ("communes", .number(Double(r.perimeter.communeCodes.count))), ("area_km2", rounded(r.areaKm2)),
                ("departements", strings(r.departements)), ("regions", strings(r.regions)),
                ("contiguous", .bool(r.isContiguous)), ("parts", .number(Double(r.parts))),
                ("overlaps", .array(check.overlaps.map { o in
                    .ordered([("cpts", .string(o.cptsB)), ("commune_codes", strings(o.communeCodes)), ("population", .number(Double(o.population)))])
                })),
                ("white_zone_communes", strings(check.whiteZoneCommunes)),
                ("white_zone_population_covered", .number(Double(check.whiteZonePopulation))),
                ("unknown_codes", strings(unknownCodes)),
                ("translated_codes", .object(translatedCodes.mapValues { .string($0) }))]
    }

    public static func members(_ c: Commune, cpts: [String]) -> [(String, JSONValue)] {
        [("code", .string(c.code)), ("name", .string(c.name)), ("departement", .string(c.departement)), ("region", .string(c.region)),
         ("epci", c.epci.map { .string($0) } ?? .null), ("population", c.population.map { .number(Double($0)) } ?? .null),
         ("area_km2", c.areaKm2.map { rounded($0) } ?? .null), ("cpts", strings(cpts))]
    }

    public static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// A number rounded to `decimals` digits, for readable output.
    public static func rounded(_ value: Double, _ decimals: Int = 3) -> JSONValue {
        let scale = (0..<decimals).reduce(1.0) { v, _ in v * 10 }
        return .number((value * scale).rounded() / scale)
    }
}
