import Hummingbird
import Logging

/// Wraps every route: checks the API key, answers a known path asked with another method 405
/// with `Allow`, turns errors into OpenAI-style JSON answers (``APIError``), and counts each
/// request with its latency.
struct APIMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let settings: ServerSettings
    /// The methods of each path the server answers.
    let routes: [String: [HTTPRequest.Method]]
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            try authorize(request)
            if let allowed = routes[request.uri.path], !allowed.contains(request.method) {
                var error = APIError(
                    .methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path); use \(allowed.map(\.rawValue).joined(separator: ", "))")
                error.headers = [.allow: allowed.map(\.rawValue).joined(separator: ", ")]
                throw error
            }
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error, request: request)
            if apiError.status.code >= 500 && apiError.status != .serviceUnavailable && apiError.status != .notImplemented {
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(apiError.message)"])
            }
            response = try apiError.response(from: request, context: context)
        }
        metrics.recordRequest(
            route: context.endpointPath ?? "unmatched", status: Int(response.status.code), duration: started.duration(to: .now))
        return response
    }

    /// The paths served without the API key: liveness, and the playground page (which asks for
    /// the key and sends it with each API call it makes).
    static var openPaths: Set<String> { ["/health", "/"] }

    /// With an API key set, every path but ``openPaths`` needs `Authorization: Bearer <key>`.
    private func authorize(_ request: Request) throws {
        guard let key = settings.apiKey, !Self.openPaths.contains(request.uri.path) else { return }
        let given = request.headers[.authorization] ?? ""
        let expected = "Bearer " + key
        // Compare every byte, so that the time taken does not tell how much of the key was right.
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference = a.count ^ b.count
        for i in 0..<max(a.count, b.count) { difference |= Int((i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)) }
        guard difference == 0 else {
            var error = APIError(
                .unauthorized, given.isEmpty ? "this server needs an API key: send \"Authorization: Bearer <key>\"" : "the API key is not right",
                type: "authentication_error")
            error.headers = [.wwwAuthenticate: "Bearer"]
            throw error
        }
    }
}
