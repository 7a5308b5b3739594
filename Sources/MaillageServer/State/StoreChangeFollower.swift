import Logging
import ServiceLifecycle

/// `ServiceState.followChanges` as a service of the application: started with the server, cancelled at its graceful
/// shutdown (SIGTERM), so that the drain of the open requests does not wait on it.
struct StoreChangeFollower: Service {
    let state: ServiceState
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { [state, logger] in await state.followChanges(logger: logger) }
    }
}
