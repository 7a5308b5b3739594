import Hummingbird

/// `/health`, for load balancers.
struct ServiceRoutes {
    let state: ServiceState

    func register(on router: Router<MaillageRequestContext>) {
        router.get("health") { _, _ in
            let territory = state.territory
            return try JSONResponse.answer(HealthAnswer(communes: territory.analysis.layer.communes.count, cpts: territory.reports.count,
                                                        volunteersAvailable: state.orientation.service.finder.volunteers.count))
        }
    }
}
