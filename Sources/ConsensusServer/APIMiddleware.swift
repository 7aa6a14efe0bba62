import Hummingbird
import Logging

/// Wraps every route: errors become OpenAI-style JSON answers (``APIError``), and each request
/// is counted with its latency.
struct APIMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error, request: request)
            if apiError.status.code >= 500 {
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(apiError.message)"])
            }
            response = try apiError.response(from: request, context: context)
        }
        metrics.recordRequest(
            route: context.endpointPath ?? "unmatched", status: Int(response.status.code), duration: started.duration(to: .now))
        return response
    }
}
