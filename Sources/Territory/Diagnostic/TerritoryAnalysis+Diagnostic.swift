import GeometryKit

/// Flags the validation of a CPTS perimeter raises: below this population a project is usually judged too small.
public enum DiagnosticThresholds {
    public static let smallPopulation = 15_000
}

extension TerritoryAnalysis {
    /// The diagnostic of a checked perimeter (`check(_:)`, or a stored CPTS's report and overlaps) against `basis`.
    /// `whiteZones` are the zones of this analysis's covering statuses.
    public func diagnose(_ check: PerimeterCheck, basis: DiagnosticBasis, accessibility: AccessibilityIndex?, whiteZones: [WhiteZone]) -> PerimeterDiagnostic {
        let report = check.report, perimeter = report.perimeter
        let members = Array(Set(perimeter.communeCodes.compactMap(layer.index(of:)))).sorted()
        let inside = Set(members)
        let codes = members.map { layer.communes[$0].code }
        let epciCommunes = communesOfEPCIs(of: members)
        let epci = epciCommunes.keys.sorted().map { code in
            EPCIShare(code: code, name: basis.epciNames[code], communesInside: epciCommunes[code]!.filter(inside.contains).count,
                      communesTotal: epciCommunes[code]!.count)
        }
        return PerimeterDiagnostic(
            perimeter: DiagnosedPerimeter(
                id: perimeter.id, name: perimeter.name, status: perimeter.status.rawValue, population: report.population,
                sizeCategory: report.sizeCategory.rawValue, fundingEur: report.sizeCategory.fundingEuros, communes: codes.count,
                communeCodes: codes, areaKm2: Rounded.value(report.areaKm2), departements: report.departements, regions: report.regions,
                epci: epci, contiguous: report.isContiguous, parts: report.parts),
            professions: basis.presence.professions.indices.map { p in
                let count = basis.presence.practitioners(of: p, inCommunes: codes)
                return ProfessionDensity(code: basis.presence.professions[p].code, label: basis.presence.professions[p].label,
                                         practitioners: count, perTenThousand: Rounded.value(basis.density(count, report.population)),
                                         departementPerTenThousand: Rounded.value(basis.perTenThousand(of: p, departements: report.departements)),
                                         regionPerTenThousand: Rounded.value(basis.perTenThousand(of: p, regions: report.regions)),
                                         nationalPerTenThousand: Rounded.value(basis.nationalPerTenThousand(of: p)))
            },
            accessibility: accessibility.flatMap { perimeterAccessibility(members: members, index: $0) },
            pharmacies: pharmacies(members: members, basis: basis),
            facilities: FacilityKind.allCases.map { kind in
                let found = codes.flatMap { basis.facilitiesByCommune[$0] ?? [] }.filter { $0.kind == kind }.sorted { $0.finess < $1.finess }
                return FacilityCount(kind: kind.rawValue, label: kind.label, count: found.count, establishments: found.map {
                    .init(finess: $0.finess, name: $0.name, category: $0.categoryLabel, communeCode: $0.communeCode)
                })
            },
            flags: flags(check, members: members, inside: inside, epci: epci, epciCommunes: epciCommunes),
            neighbours: neighbours(of: perimeter, members: members, inside: inside, whiteZones: whiteZones))
    }

    /// Every commune (index) of each EPCI holding one of `members`, read in one pass over the layer.
    private func communesOfEPCIs(of members: [Int]) -> [String: [Int]] {
        let epcis = Set(members.compactMap { layer.communes[$0].epci })
        guard !epcis.isEmpty else { return [:] }
        var communes: [String: [Int]] = [:]
        for (index, commune) in layer.communes.enumerated() { if let epci = commune.epci, epcis.contains(epci) { communes[epci, default: []].append(index) } }
        return communes
    }

    private func perimeterAccessibility(members: [Int], index: AccessibilityIndex) -> PerimeterAccessibility? {
        let byPosition = index.communes.count == layer.communes.count
        func row(_ i: Int) -> CommuneAccessibility? {
            let code = layer.communes[i].code
            if byPosition, index.communes[i].code == code { return index.communes[i] }
            return index.communes.first { $0.code == code }
        }
        let rows = members.compactMap(row).filter { $0.indexPer100k != nil }
        guard !rows.isEmpty else { return nil }
        let national = Self.weightedMean(index.communes)
        let lowest = rows.min { ($0.indexPer100k!, $0.code) < ($1.indexPer100k!, $1.code) }!
        let highest = rows.max { ($0.indexPer100k!, $1.code) < ($1.indexPer100k!, $0.code) }!
        func figure(_ row: CommuneAccessibility) -> PerimeterAccessibility.CommuneIndex {
            .init(code: row.code, name: row.name, per100k: Rounded.value(row.indexPer100k!))
        }
        return PerimeterAccessibility(meanPer100k: Rounded.value(Self.weightedMean(rows)), lowest: figure(lowest), highest: figure(highest),
                                      nationalMeanPer100k: Rounded.value(national),
                                      populationBelowNationalMean: rows.filter { $0.indexPer100k! < national }.reduce(0) { $0 + ($1.population ?? 0) })
    }

    /// Σ population × index / Σ population over the rows with an index (0 without population).
    static func weightedMean(_ rows: [CommuneAccessibility]) -> Double {
        var weighted = 0.0, population = 0.0
        for row in rows { if let value = row.indexPer100k { weighted += value * Double(row.population ?? 0); population += Double(row.population ?? 0) } }
        return population > 0 ? weighted / population : 0
    }

    private func pharmacies(members: [Int], basis: DiagnosticBasis) -> PerimeterPharmacies {
        var officines = 0, allowed = 0, weighted = 0.0, population = 0
        for member in members {
            let commune = layer.communes[member]
            officines += basis.officinesByCommune[commune.code] ?? 0
            allowed += PharmacyQuota.licencesAllowed(population: commune.population ?? 0, departement: commune.departement)
            guard let point = commune.representativePoint, let people = commune.population, people > 0,
                  let nearest = basis.officineIndex.nearest(to: point, k: 1).first else { continue }
            weighted += nearest.metres / 1000 * Double(people)
            population += people
        }
        let mean: Double? = population > 0 ? weighted / Double(population) : nil
        return PerimeterPharmacies(officines: officines, licencesAllowed: allowed, difference: allowed - officines, meanDistanceKm: Rounded.value(mean))
    }

    private func populationOf(_ indices: some Sequence<Int>) -> Int { indices.reduce(0) { $0 + (layer.communes[$1].population ?? 0) } }

    private func flags(_ check: PerimeterCheck, members: [Int], inside: Set<Int>, epci: [EPCIShare], epciCommunes: [String: [Int]]) -> [DiagnosticFlag] {
        let report = check.report
        var flags: [DiagnosticFlag] = []
        if report.population < DiagnosticThresholds.smallPopulation {
            flags.append(DiagnosticFlag(code: .populationUnder15000, message: "\(report.population) habitants, sous le seuil de 15 000", communes: []))
        }
        for share in epci where share.communesInside < share.communesTotal {
            let outside = epciCommunes[share.code]!.filter { !inside.contains($0) }
            var sides = Set<String>(), uncovered = false
            for i in outside {
                let claimants = cpts(claiming: layer.communes[i].code).filter { $0 != report.id }
                sides.formUnion(claimants)
                if !isCovered(i) { uncovered = true }
            }
            let named = sides.sorted() + (uncovered ? ["zone blanche"] : [])
            flags.append(DiagnosticFlag(code: .epciSplit, message: "EPCI \(share.name ?? share.code) : \(share.communesInside) commune(s) sur "
                                        + "\(share.communesTotal) dans le périmètre, les autres dans : \(named.joined(separator: ", "))",
                                        communes: outside.map { layer.communes[$0].code }))
        }
        for zone in enclosedWhiteZones(members: members, inside: inside) {
            flags.append(DiagnosticFlag(code: .enclosedWhiteZone, message: "zone blanche de \(zone.count) commune(s), \(populationOf(zone)) "
                                        + "habitants, entourée par le périmètre", communes: zone.map { layer.communes[$0].code }))
        }
        if report.parts > 1 {
            let parts = CommuneAdjacency.components(of: members, in: layer).sorted { ($0.count, $1[0]) > ($1.count, $0[0]) }
            flags.append(DiagnosticFlag(code: .severalParts, message: "périmètre en \(report.parts) parties séparées ; hors de la plus grande : "
                                        + "\(parts.dropFirst().joined().count) commune(s)",
                                        communes: parts.dropFirst().joined().map { layer.communes[$0].code }.sorted()))
        }
        for overlap in check.overlaps {
            flags.append(DiagnosticFlag(code: .overlap, message: "\(overlap.communeCodes.count) commune(s) partagée(s) avec \(overlap.cptsB), "
                                        + "\(overlap.population) habitants", communes: overlap.communeCodes))
        }
        if members.count > 1 {
            let isolated = members.filter { member in !layer.neighbours[member].contains { inside.contains($0) } }
            if !isolated.isEmpty {
                flags.append(DiagnosticFlag(code: .isolatedCommune, message: "\(isolated.count) commune(s) ne touchant aucune autre commune du périmètre",
                                            communes: isolated.map { layer.communes[$0].code }))
            }
        }
        return flags
    }

    /// Groups of touching uncovered communes outside the perimeter whose every neighbour lies in the perimeter.
    private func enclosedWhiteZones(members: [Int], inside: Set<Int>) -> [[Int]] {
        var visited = Set<Int>(), zones: [[Int]] = []
        for member in members {
            for seed in layer.neighbours[member] where !inside.contains(seed) && !isCovered(seed) && !visited.contains(seed) {
                var zone = [seed], queue = [seed], enclosed = true
                visited.insert(seed)
                while let next = queue.popLast() {
                    for neighbour in layer.neighbours[next] where !inside.contains(neighbour) {
                        if isCovered(neighbour) { enclosed = false; continue }
                        if visited.insert(neighbour).inserted { zone.append(neighbour); queue.append(neighbour) }
                    }
                }
                if enclosed { zones.append(zone.sorted()) }
            }
        }
        return zones.sorted { $0[0] < $1[0] }
    }

    private func neighbours(of perimeter: CPTSPerimeter, members: [Int], inside: Set<Int>, whiteZones: [WhiteZone]) -> DiagnosticNeighbours {
        var touching = Set<Int>()
        for member in members { for neighbour in layer.neighbours[member] where !inside.contains(neighbour) { touching.insert(neighbour) } }
        var byCPTS: [String: [String]] = [:]
        for commune in touching.sorted() {
            for id in cpts(claiming: layer.communes[commune].code) where id != perimeter.id { byCPTS[id, default: []].append(layer.communes[commune].code) }
        }
        let zoneOf = Dictionary(whiteZones.enumerated().flatMap { z, zone in zone.communeCodes.map { ($0, z) } }, uniquingKeysWith: { a, _ in a })
        var byZone: [Int: [String]] = [:]
        for commune in touching.sorted() where !isCovered(commune) {
            if let z = zoneOf[layer.communes[commune].code] { byZone[z, default: []].append(layer.communes[commune].code) }
        }
        return DiagnosticNeighbours(
            cpts: byCPTS.keys.sorted().map { id in
                let other = self.perimeter(id: id)!
                return .init(id: id, name: other.name, status: other.status.rawValue, touchingCommunes: byCPTS[id]!)
            },
            whiteZones: byZone.keys.sorted().map { z in
                .init(id: TerritoryGeoJSON.whiteZoneID(whiteZones[z]), population: whiteZones[z].population,
                      communes: whiteZones[z].communeCodes.count, touchingCommunes: byZone[z]!)
            })
    }
}
