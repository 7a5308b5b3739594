/// `{"communes": [...], "cpts": [...], "unreachable": [...]}`, as `maillage white-zones proposals` and
/// `GET /api/v1/white-zones/proposals` print them.
extension WhiteZoneProposals: Encodable {
    enum CodingKeys: String, CodingKey { case populationAttached = "population_attached", totalSteps = "total_steps", communes, cpts, unreachable }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(populationAttached, forKey: .populationAttached)
        try c.encode(totalSteps, forKey: .totalSteps)
        try c.encode(communes, forKey: .communes)
        try c.encode(cpts, forKey: .cpts)
        try c.encode(unreachable, forKey: .unreachable)
    }
}

extension WhiteZoneProposals.Commune: Encodable {
    enum CodingKeys: String, CodingKey { case code, name, population, cpts, steps }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(population, forKey: .population)
        try c.encode(cpts, forKey: .cpts)     // null: no CPTS can reach it
        try c.encode(steps, forKey: .steps)
    }
}

extension WhiteZoneProposals.Growth: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name, communesAdded = "communes_added", populationBefore = "population_before", populationAfter = "population_after"
        case sizeCategoryBefore = "size_category_before", sizeCategoryAfter = "size_category_after"
        case fundingBefore = "funding_eur_before", fundingAfter = "funding_eur_after"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(communesAdded, forKey: .communesAdded)
        try c.encode(populationBefore, forKey: .populationBefore)
        try c.encode(populationAfter, forKey: .populationAfter)
        try c.encode(sizeCategoryBefore.rawValue, forKey: .sizeCategoryBefore)
        try c.encode(sizeCategoryAfter.rawValue, forKey: .sizeCategoryAfter)
        try c.encode(sizeCategoryBefore.fundingEuros, forKey: .fundingBefore)
        try c.encode(sizeCategoryAfter.fundingEuros, forKey: .fundingAfter)
    }
}

extension WhiteZoneProposals.Unreachable: Encodable {
    enum CodingKeys: String, CodingKey { case population, communes, communeCodes = "commune_codes", departements }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(population, forKey: .population)
        try c.encode(communeCodes.count, forKey: .communes)
        try c.encode(communeCodes, forKey: .communeCodes)
        try c.encode(departements, forKey: .departements)
    }
}
