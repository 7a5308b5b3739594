import GeometryKit
import Hummingbird

/// `/health` for load balancers and `/`, the web map page.
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
        router.get { _, _ in JSONResponse.text(MapPage.html, contentType: "text/html; charset=utf-8") }
    }
}
