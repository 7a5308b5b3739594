import GeometryKit
import Hummingbird

/// `/health`, for load balancers.
struct ServiceRoutes {
    let state: ServiceState

    func register(on router: Router<MaillageRequestContext>) {
        router.get("health") { _, _ in
            let territory = state.territory
            return JSONResponse.object([
                ("status", .string("ok")), ("communes", .number(Double(territory.analysis.layer.communes.count))),
                ("cpts", .number(Double(territory.reports.count))),
                ("volunteers_available", .number(Double(state.orientation.desk.finder.volunteers.count))),
            ])
        }
    }
}
