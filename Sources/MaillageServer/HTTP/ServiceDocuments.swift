/// The bodies of the service's own documents: errors, `/health`.

/// Every error answer: what went wrong, short, and its cause.
struct ErrorBody: Encodable {
    let error: String
    let detail: String
}

/// `/health`, for load balancers: what the instance serves.
struct HealthAnswer: Encodable {
    let status = "ok"
    let communes: Int
    let cpts: Int
    let volunteersAvailable: Int

    enum CodingKeys: String, CodingKey { case status, communes, cpts, volunteersAvailable = "volunteers_available" }
}
