import Hummingbird
import Synchronization

/// The paths the router serves and their methods. Hummingbird answers 404 to a path it serves with another
/// method; with this table `ErrorMiddleware` answers 405 and `Allow` instead (RFC 9110 §15.5.6), as clients
/// and the OpenAPI checks expect. Filled once, after the routes are registered and before the server listens.
final class RouteTable: Sendable {
    private struct Route { let path: RouterPath; var methods: [String] }
    private let routes = Mutex<[Route]>([])

    func record(_ descriptions: [Router<MaillageRequestContext>.RouteDescription]) {
        var table: [Route] = []
        for description in descriptions {
            if let i = table.firstIndex(where: { $0.path == description.path }) {
                table[i].methods.append(description.method.rawValue)
            } else {
                table.append(Route(path: description.path, methods: [description.method.rawValue]))
            }
        }
        routes.withLock { $0 = table }
    }

    /// The methods of the routes whose template matches `path` (as the router matches a segment), sorted;
    /// empty when no route has this path.
    func methods(path: String) -> [String] {
        let segments = path.split(separator: "/")
        let found = routes.withLock { table in
            table.filter { route in
                route.path.count == segments.count
                    && zip(route.path, segments).allSatisfy { element, segment in element ~= segment }
            }.flatMap(\.methods)
        }
        return Array(Set(found)).sorted()
    }
}
