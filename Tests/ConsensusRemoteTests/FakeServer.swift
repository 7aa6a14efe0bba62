import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP server on a free loopback port for tests: every request goes to `handler`,
/// which may wait (to provoke time-outs) and answers status, body and headers.
final class FakeServer: Sendable {
    struct Answer: Sendable {
        var status: Int = 200
        var body: Data
        var headers: [(String, String)] = [("Content-Type", "application/json")]

        static func json(_ object: Any, status: Int = 200) -> Answer {
            Answer(status: status, body: try! JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]))
        }
    }

    typealias Handler = @Sendable (_ method: String, _ path: String, _ body: Data) async throws -> Answer

    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }
    private let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>

    init(_ handler: @escaping Handler) async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        port = channel.channel.localAddress!.port!
        let server = channel
        Task {
            try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await Self.serve(connection, handler) }
                    }
                }
            }
        }
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, _ handler: Handler) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { return }
                    let answer = try await handler(head.method.rawValue, head.uri, Data(body.readableBytesView))
                    var headers = HTTPHeaders(answer.headers)
                    headers.add(name: "Content-Length", value: "\(answer.body.count)")
                    try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: answer.status), headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body))))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }

    /// Stops accepting connections. Connections already accepted are served until the client
    /// closes them (cancelling them would drop accepted connections that were never served,
    /// which NIO treats as a programming error).
    func stop() async {
        try? await channel.channel.close()
    }
}

/// Counts calls from concurrent handlers.
actor Counter {
    private(set) var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}
