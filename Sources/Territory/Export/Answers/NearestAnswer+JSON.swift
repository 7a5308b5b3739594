import GeometryKit

extension OrientationService.NearestAnswer {
    /// The anonymous answer's JSON written straight from the fields, the hot path of `GET /api/v1/nearest`: the same
    /// text as `JSONValueEncoder.string(self)` (the `Encodable` conformance, which a test holds it to) without building
    /// the value tree, two thirds of the route's time. Nil when the answer names GPs (`identities`): that one is encoded.
    public func anonymousJSON() -> String? {
        guard identities.isEmpty else { return nil }
        var out = ""
        out.reserveCapacity(160 + 230 * volunteers.count)
        out += "{\"location\":{\"lat\":"
        out += JSONWriter.format(Rounded.value(location.position.latitude, 6))
        out += ",\"lon\":"
        out += JSONWriter.format(Rounded.value(location.position.longitude, 6))
        out += ",\"code_commune\":"
        if let code = location.communeCode { JSONWriter.writeString(code, to: &out) } else { out += "null" }
        out += ",\"precision\":"
        JSONWriter.writeString(location.precision.rawValue, to: &out)
        out += ",\"cpts\":"
        Self.write(location.cpts, to: &out)
        out += ",\"white_zone\":"
        out += location.inWhiteZone ? "true" : "false"
        out += "},\"volunteers\":["
        for (index, found) in volunteers.enumerated() {
            if index > 0 { out += "," }
            let volunteer = found.volunteer
            out += "{\"rpps\":"
            JSONWriter.writeString(volunteer.rpps, to: &out)
            out += ",\"distance_km\":"
            out += JSONWriter.format(Rounded.value(found.distanceKm))
            out += ",\"places_restantes\":"
            out += String(volunteer.placesRemaining)
            out += ",\"visites_domicile\":"
            out += volunteer.homeVisits ? "true" : "false"
            out += ",\"code_commune\":"
            JSONWriter.writeString(volunteer.communeCode, to: &out)
            out += ",\"cpts\":"
            Self.write(found.cpts, to: &out)
            out += ",\"precision\":"
            JSONWriter.writeString(volunteer.precision.rawValue, to: &out)
            out += ",\"lat\":"
            out += JSONWriter.format(Rounded.value(volunteer.position.latitude, 6))
            out += ",\"lon\":"
            out += JSONWriter.format(Rounded.value(volunteer.position.longitude, 6))
            out += ",\"mis_a_jour_le\":"
            JSONWriter.writeString(volunteer.updatedOn, to: &out)
            out += found.stale ? ",\"stale\":true}" : ",\"stale\":false}"
        }
        out += "],\"left_out_stale\":"
        out += String(leftOutStale)
        out += "}"
        return out
    }

    private static func write(_ strings: [String], to out: inout String) {
        out += "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            JSONWriter.writeString(string, to: &out)
        }
        out += "]"
    }
}
