#if Server && RemoteEngines
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `consensus bench load`: N concurrent clients against `consensus serve` on loopback, for a
/// bounded time and number of requests; throughput, latency percentiles, errors and the
/// server's peak memory.
struct BenchLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load-test `consensus serve`: concurrent clients, throughput, p50/p99 latency, errors, server peak RSS.",
        discussion: """
            Without --url, starts `consensus serve` itself on a free loopback port (with --threads \
            and without its score cache, so every request is scored) and reports its peak RSS \
            (VmHWM). Each client sends /v1/rank requests (4 candidates; questions vary) or, with \
            --endpoint completions, echo-scoring /v1/completions requests, one after another, until \
            --requests have been sent in all or --duration has passed.
            """)

    @Option(help: "A running server's base URL (default: start one).") var url: String?
    @Option(help: "With --url: the server's process id, to report its peak RSS.") var serverPid: Int32?
    @Option(help: "Concurrent clients.") var clients: Int = 4
    @Option(help: "Requests in all.") var requests: Int = 200
    @Option(help: "Longest run, seconds.") var duration: Double = 120
    @Option(help: "rank or completions.") var endpoint: String = "rank"
    @Option(help: "Engine threads of the server this command starts.") var threads: Int = 1
    @Option(help: "GGUF model of the server this command starts.") var model: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if clients < 1 { throw ValidationError("--clients must be at least 1 (got \(clients))") }
        if requests < 1 { throw ValidationError("--requests must be at least 1 (got \(requests))") }
        if duration <= 0 { throw ValidationError("--duration must be positive (got \(duration))") }
        if !["rank", "completions"].contains(endpoint) { throw ValidationError("--endpoint must be rank or completions (got \(endpoint))") }
        if url != nil && model != nil { throw ValidationError("--model is for the server this command starts; not with --url") }
    }

    func run() async throws {
        let server = url == nil ? try LocalServer.start(threads: threads, model: model) : nil
        defer { server?.stop() }
        let base = url ?? server!.url
        let pid = server?.process.processIdentifier ?? serverPid
        let counter = RequestCounter(limit: requests)
        let deadline = ContinuousClock.now + .milliseconds(Int64(duration * 1000))
        let started = ContinuousClock.now
        let endpoint = self.endpoint
        let results = try await withThrowingTaskGroup(of: [(Duration, Bool)].self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var mine: [(Duration, Bool)] = []
                    while ContinuousClock.now < deadline, let index = await counter.next() {
                        let t0 = ContinuousClock.now
                        let ok = await Self.send(index, endpoint: endpoint, base: base)
                        mine.append((t0.duration(to: .now), ok))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let wall = started.duration(to: .now)
        let report = LoadReport(
            clients: clients, endpoint: endpoint, results: results, wall: wall,
            peakRSS: pid.flatMap(Self.peakRSS), serverThreads: url == nil ? threads : nil)
        print(json ? report.json : report.text)
    }

    /// One request; true when answered 200.
    static func send(_ index: Int, endpoint: String, base: String) async -> Bool {
        let questions = LoadReport.questions
        let (question, answers) = questions[index % questions.count]
        let rotation = (index / questions.count) % answers.count
        let candidates = Array(answers[rotation...] + answers[..<rotation])
        let body: [String: Any] =
            endpoint == "rank"
            ? ["question": question, "candidates": candidates]
            : ["prompt": candidates.map { "Question: \(question)\nAnswer: \($0)" }, "max_tokens": 0, "echo": true, "logprobs": 1]
        var request = HTTPClientRequest(url: base + (endpoint == "rank" ? "/v1/rank" : "/v1/completions"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: body)) ?? Data()))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
            _ = try await response.body.collect(upTo: 64 << 20)
            return response.status.code == 200
        } catch {
            return false
        }
    }

    /// VmHWM of a process, bytes.
    static func peakRSS(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { return nil }
        return kib * 1024
    }
}

/// Hands out request numbers until the limit.
actor RequestCounter {
    private var issued = 0
    let limit: Int
    init(limit: Int) { self.limit = limit }
    func next() -> Int? {
        guard issued < limit else { return nil }
        issued += 1
        return issued - 1
    }
}

/// A `consensus serve` child process on a free loopback port.
struct LocalServer {
    let process: Process
    let url: String

    static func start(threads: Int, model: String?) throws -> LocalServer {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-load-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw CommandError("cannot create the server's log file \(log.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["serve", "--port", "0", "--threads", "\(threads)", "--cache-size", "0"] + (model.map { ["--model", $0] } ?? [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(where: { $0 == " " || $0 == "\n" }) {
                return LocalServer(process: process, url: String(text[range.upperBound..<end]))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw CommandError("consensus serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
#endif
