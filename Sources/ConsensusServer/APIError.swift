import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import Foundation
public import Hummingbird
import NIOCore

/// An error answered as OpenAI does: a status and `{"error": {"message", "type", "param", "code"}}`.
public struct APIError: HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    /// `invalid_request_error`, `not_found_error`, `server_error`, ….
    public var type: String
    /// The request field at fault, as a dotted path.
    public var param: String?

    public init(_ status: HTTPResponse.Status, _ message: String, type: String = "invalid_request_error", param: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
    }

    public var description: String { message }

    /// Extra headers of the answer (`Allow` for 405, `Retry-After` for 503, `WWW-Authenticate` for 401).
    public var headers: HTTPFields = [:]

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(
            OpenAIWire.ErrorResponse(error: .init(message: message, type: type, param: param, code: Int(status.code))), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func badField(_ field: String, _ reason: String) -> APIError {
        APIError(.badRequest, "\"\(field)\" \(reason)", param: field)
    }

    /// The answer for an error thrown while serving `request`: a bad input is 400 with `param`
    /// naming its field, as the error names it (a route that knows the field of an engine's error
    /// sets ``ScoringError/field`` before it gets here).
    static func from(_ error: Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, "the request body is larger than the server's limit")
        case let error as GameInputError:
            // "(top level)": the body as a whole, which no `param` names.
            return error.field == "(top level)" ? APIError(.badRequest, "the body \(error.reason)") : badField(error.field, error.reason)
        case let error as RankingInputError:
            return APIError(.badRequest, error.description, param: error.field)
        case let error as TemplateError:
            return APIError(.badRequest, error.description, param: error.field)
        case let error as ScoringError:
            if error.isAboutTheRequest { return APIError(.badRequest, error.message, param: error.field) }
            if error.kind == .modelNotFound { return APIError(.notFound, error.message, type: "not_found_error", param: "model") }
            return APIError(.internalServerError, error.message, type: "server_error")
        case let error as HTTPResponseError where error.status == .notFound:
            return APIError(.notFound, "no route for \(request.method) \(request.uri.path); the routes are in GET /openapi.yaml", type: "not_found_error")
        case let error as HTTPError:
            return APIError(error.status, error.body ?? error.status.reasonPhrase, type: error.status.code < 500 ? "invalid_request_error" : "server_error")
        case let error as HTTPResponseError:
            return APIError(error.status, "\(error)", type: error.status.code < 500 ? "invalid_request_error" : "server_error")
        default:
            return APIError(.internalServerError, "\(error)", type: "server_error")
        }
    }
}

extension Response {
    /// A JSON answer, written by ``WireFormat`` (snake_case keys, sorted; infinities as strings).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? WireFormat.encode(value)) ?? Data(#"{"error":{"message":"the answer could not be encoded","type":"server_error"}}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
