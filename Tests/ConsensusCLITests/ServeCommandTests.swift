import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `consensus serve` as a process, used by `--engine` and `bench load`, with the real small model.
@Suite("consensus serve", .serialized)
struct ServeCommandTests {
    /// A `consensus serve --port 0` process and the URL it announced.
    struct Server {
        let process: Process
        let url: String
        let log: URL

        static func start(_ extra: [String] = []) throws -> Server {
            try ConsensusBinary.installedModel()
            let binary = try #require(ConsensusBinary.url, "the consensus executable was not found next to the test bundle")
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-serve-\(UUID()).log")
            #expect(FileManager.default.createFile(atPath: log.path, contents: nil), "cannot create \(log.path)")
            let process = Process()
            process.executableURL = binary
            process.arguments = ["serve", "--port", "0"] + (extra.isEmpty ? ["--threads", "1"] : extra)
            process.environment = ConsensusBinary.environment(defaultModel: false)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(of: " ") {
                    return Server(process: process, url: String(text[range.upperBound..<end]), log: log)
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            process.terminate()
            Issue.record("consensus serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            throw CancellationError()
        }

        /// SIGTERM, then the exit status.
        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: log)
            return process.terminationStatus
        }
    }

    @Test func scoreAndEvalThroughTheServerMatchInProcess() async throws {
        let server = try Server.start()
        let request = ["score", "--prompt", "The capital of France is", "--continuation", " Paris, a city on the Seine."]
        let remote = try ConsensusBinary.run(request + ["--engine", server.url])
        #expect(remote.status == 0, "\(remote.stderr)")
        let logprob = try #require(try remote.objects.first?["logprob"] as? Double)
        let inProcess = try await ScoreCommandTests.franceInProcess()
        #expect(abs(logprob - inProcess) < 1e-12, "\(logprob) vs \(inProcess)")

        let dir = try EvalCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("arc_easy.jsonl")
        try EvalCommandTests.fixture.write(to: data, atomically: true, encoding: .utf8)
        func eval(_ name: String, _ extra: [String]) throws -> (metrics: [String: Any], stderr: String) {
            let r = try ConsensusBinary.run(
                ["eval", "--task", "arc_easy", "--data", data.path, "--cache", dir.appendingPathComponent("\(name).sqlite").path,
                 "--output", dir.appendingPathComponent(name).path, "--iterations", "500", "--threads", "1"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return (try EvalCommandTests.metrics(dir.appendingPathComponent("\(name)/results.json")), r.stderr)
        }
        let (local, localLog) = try eval("local", [])
        let (served, servedLog) = try eval("served", ["--engine", server.url])
        // Honest counts: in-process, the tokens evaluated; through the server, the tokens sent and
        // what the server says it evaluated, which is fewer (it shares prefixes).
        let evaluatedLocally = try #require(Self.number(before: " tokens evaluated in this run", in: localLog))
        let sent = try #require(Self.number(before: " tokens sent to the server in this run", in: servedLog), "\(servedLog)")
        let reported = try #require(Self.number(before: " evaluated)", in: servedLog), "\(servedLog)")
        #expect(reported > 0 && reported < sent, "\(reported) evaluated of \(sent) sent")
        #expect(Double(reported) < 1.5 * Double(evaluatedLocally), "\(reported) vs \(evaluatedLocally) in-process")
        #expect(NSDictionary(dictionary: local).isEqual(to: served), "\(local) vs \(served)")
        #expect(server.stop() == 0)
    }

    /// The integer just before `suffix` in `text`.
    static func number(before suffix: String, in text: String) -> Int? {
        guard let range = text.range(of: suffix) else { return nil }
        return Int(String(text[..<range.lowerBound].reversed().prefix { $0.isNumber }.reversed()))
    }

    /// POSTs `body` to `url` and returns the status and the JSON object answered.
    static func post(_ url: String, _ body: [String: Any]) async throws -> (status: Int, json: [String: Any]) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    /// One answer for one question: `consensus rank --json` in-process, `POST /v1/rank` to a
    /// server on the small model, and the same through a second server that ranks through the
    /// first (a gateway, standing in for one in front of vLLM) give the same JSON, but for the
    /// cost (timings) and, through the gateway, the model's location.
    @Test func rankJSONIsTheSameInProcessThroughTheServerAndThroughAGateway() async throws {
        let server = try Server.start()
        defer { _ = server.stop() }
        let gateway = try Server.start(["--engine", server.url])
        defer { _ = gateway.stop() }
        let choices = ["Mars", "Venus", "Jupiter"]
        let question = "Which planet is known as the Red Planet?"
        let local = try ConsensusBinary.run(["rank", "--json", "--question", question] + choices.flatMap { ["--choice", $0] })
        #expect(local.status == 0, "\(local.stderr)")
        var expected = try #require(try JSONSerialization.jsonObject(with: Data(local.stdout.utf8)) as? [String: Any])
        let body: [String: Any] = ["question": question, "candidates": choices]
        var served = try await Self.post(server.url + "/v1/rank", body)
        var routed = try await Self.post(gateway.url + "/v1/rank", body)
        #expect(served.status == 200 && routed.status == 200, "\(served.json) \(routed.json)")
        #expect((routed.json["model"] as? [String: Any])?["location"] as? String == server.url)
        for key in ["cost", "model"] {
            expected[key] = nil
            served.json[key] = nil
            routed.json[key] = nil
        }
        #expect(NSDictionary(dictionary: served.json).isEqual(to: expected), "\(served.json)\nvs\n\(expected)")
        #expect(NSDictionary(dictionary: routed.json).isEqual(to: expected), "\(routed.json)\nvs\n\(expected)")
        // The gateway has no token-level engine: completions go to the engine itself.
        let completion = try await Self.post(gateway.url + "/v1/completions", ["prompt": "Hello", "max_tokens": 0, "echo": true])
        #expect(completion.status == 501)
    }

    @Test func anUnreachableEngineIsAClearError() throws {
        let r = try ConsensusBinary.run(["score", "--engine", "http://127.0.0.1:9", "--prompt", "a", "--continuation", " b"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("http://127.0.0.1:9/v1/models failed 4 times"), "\(r.stderr)")
    }

    /// A bad setting is refused before the model loads, naming the flag and its value.
    @Test(arguments: [
        (["--max-request-tokens", "3"], "--max-request-tokens must be at least 16 (got 3)"),
        (["--port", "70000"], "--port must be between 0 and 65535 (got 70000)"),
        (["--engine", "ftp://host"], "--engine is not an http:// or https:// URL (got ftp://host)"),
    ])
    func aBadSettingNamesItsFlag(arguments: [String], message: String) throws {
        let r = try ConsensusBinary.run(["serve"] + arguments)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func loadTestReportsThroughputLatencyAndMemory() throws {
        try ConsensusBinary.installedModel()
        let r = try ConsensusBinary.run(["bench", "load", "--clients", "2", "--requests", "6", "--endpoint", "completions", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try r.objects.first)
        #expect(report["requests"] as? Int == 6)
        #expect(report["errors"] as? Int == 0)
        #expect((report["p99_ms"] as? Double ?? 0) >= (report["p50_ms"] as? Double ?? .infinity))
        #expect((report["server_peak_rss_bytes"] as? Int ?? 0) > 50 << 20)
    }
}
