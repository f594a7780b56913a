import App
import Vapor

/// `wuye`: serve, migrate, demo, user create, audit verify. All the work is
/// in the App library; this only reads the environment and starts it.
@main
enum Entrypoint {
    static func main() async throws {
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
