import AsyncHTTPClient
import ConsensusScoring
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// JSON over HTTP to one server, with a limit on requests in flight, a time-out per request,
/// and retries with exponential backoff on 429, 5xx, time-outs and dropped connections. Other
/// answers are returned (``send(_:_:body:)``) or turned into a ``ScoringError`` (``post(_:_:)``).
struct RemoteHTTP: Sendable {
    let client: HTTPClient
    let settings: RemoteEngineSettings
    let limit: ConcurrencyLimit
    let logger: Logger

    init(client: HTTPClient, settings: RemoteEngineSettings, logger: Logger) {
        self.client = client
        self.settings = settings
        limit = ConcurrencyLimit(settings.concurrency)
        self.logger = logger
    }

    /// An HTTP client for remote engines: a connection that cannot be established fails at
    /// once (AsyncHTTPClient would otherwise retry it until the request's deadline), so that
    /// ``send(_:_:body:)`` retries it with backoff like any other transient failure.
    static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The largest answer accepted.
    static let maxResponseBytes = 256 << 20

    /// POSTs `body` as JSON to `path` and decodes a 2xx answer as `T`.
    /// - Throws: ``ScoringError``: `.invalidRequest` for a 4xx answer (quoting the server's
    ///   message), `.engineFailure` when every attempt failed or the answer is not the JSON expected.
    func post<T: Decodable>(_ path: String, _ body: some Encodable, as type: T.Type) async throws -> T {
        let (status, data) = try await send(.POST, path, body: try JSONEncoder().encode(body))
        guard (200..<300).contains(status) else { throw Self.unexpected(status, data, url: settings.baseURL + path) }
        return try decode(T.self, from: data, path: path)
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw ScoringError(
                .engineFailure,
                "\(settings.baseURL)\(path) answered with malformed JSON (\(Self.describe(error))): \(Self.excerpt(data))")
        }
    }

    /// Sends one request, retrying transient failures; returns the first answer that is not one.
    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> (status: Int, body: Data) {
        let url = settings.baseURL + path
        var delay = settings.backoff
        for attempt in 1...settings.attempts {
            let failure: String
            var wait = delay
            do {
                let (status, data, retryAfter) = try await limit.run { try await once(method, url, body: body) }
                guard status == 429 || status >= 500 else { return (status, data) }
                failure = "HTTP \(status): \(Self.message(in: data))"
                if let retryAfter { wait = .seconds(min(retryAfter, 60)) }
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                failure = "no answer within \(settings.timeout)"
            } catch is CancellationError {
                throw CancellationError()
            } catch is NIOTooManyBytesError {
                throw ScoringError(.engineFailure, "\(method) \(url) answered more than \(Self.maxResponseBytes >> 20) MiB")
            } catch {
                failure = "connection failed (\(error))"
            }
            guard attempt < settings.attempts else {
                throw ScoringError(.engineFailure, "\(method) \(url) failed \(settings.attempts) times; last: \(failure)")
            }
            logger.warning("retrying", metadata: ["url": "\(url)", "attempt": "\(attempt)", "failure": "\(failure)"])
            try await Task.sleep(for: wait * Double.random(in: 1...1.25))
            delay = delay * 2
        }
        preconditionFailure("unreachable")
    }

    private func once(_ method: HTTPMethod, _ url: String, body: Data?) async throws -> (Int, Data, Int?) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = TimeAmount.nanoseconds(
            settings.timeout.components.seconds * 1_000_000_000 + settings.timeout.components.attoseconds / 1_000_000_000)
        let response = try await client.execute(request, timeout: timeout, logger: logger)
        let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
        return (Int(response.status.code), Data(buffer.readableBytesView), response.headers.first(name: "Retry-After").flatMap { Int($0) })
    }

    /// The server's error message: OpenAI's `error.message`, FastAPI's `detail`, or the text.
    static func message(in data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let message = object["error"] as? String { return message }
            if let detail = object["detail"] { return "\(detail)" }
            if let message = object["message"] as? String { return message }
        }
        return excerpt(data)
    }

    static func malformed(_ url: String, _ detail: String) -> ScoringError {
        ScoringError(.engineFailure, "\(url) answered with malformed JSON: \(detail)")
    }

    static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(300), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : "\"\(text)\(data.count > 300 ? "…" : "")\""
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no field \"\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
