import App
import NIOCore
import NIOPosix
import Vapor

/// `wuye`: serve, migrate, demo, user create, audit verify. All the work is
/// in the App library; this only reads the environment and starts it.
@main
enum Entrypoint {
    static func main() async throws {
        // Swift concurrency runs on NIO's event loops, so a handler resumes on
        // the thread its database reply arrived on instead of hopping to
        // another pool at every await (first thing, before any other task).
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            try await configure(app, WuyeOptions(database: try DatabaseLocation.fromEnvironment()))
            app.useWuyeCommands()
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            if let exit = error as? ExitCode { Foundation.exit(exit.code) }
            throw error
        }
        try await app.asyncShutdown()
    }
}
