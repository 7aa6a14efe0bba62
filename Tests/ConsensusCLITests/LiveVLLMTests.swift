import Foundation
import Testing

/// The remote engine and the ranking gateway against a real vLLM (its CPU build) serving the
/// small model's Hugging Face copy, each compared with the in-process engine on the same model.
///
/// scripts/test.sh starts the server (scripts/vllm.sh) and sets `CONSENSUS_VLLM_DIR`, the folder
/// with its `url` and `pid`; without it (a plain `swift test`) the suite is skipped and says why.
@Suite(
    "live vLLM", .serialized,
    .enabled(if: LiveVLLM.directory != nil, "no live vLLM: run bash scripts/test.sh, which starts one (CONSENSUS_VLLM_DIR)"))
struct LiveVLLMTests {
    /// Largest difference accepted between a log-probability from vLLM (fp32, PyTorch) and the
    /// in-process engine's (F32, llama.cpp) on the same weights, nat: docs/serve.md#running-on-vllm.
    static let bound = 0.05

    @Test func evalMatchesInProcessOnArcEasy() throws {
        let vllm = try LiveVLLM.url()
        let dir = try EvalCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let local = try LiveVLLM.eval(dir, "local", task: "arc_easy", limit: 20, [])
        let remote = try LiveVLLM.eval(dir, "vllm", task: "arc_easy", limit: 20, ["--engine", vllm])
        #expect(local.status == 0 && remote.status == 0, "\(local.stderr)\n\(remote.stderr)")
        let report = try String(contentsOf: dir.appendingPathComponent("vllm/report.md"), encoding: .utf8)
        #expect(report.contains("vLLM token route"), "the engine of \(dir.path)/vllm/report.md is not vLLM's token route")
        let a = try LiveVLLM.samples(dir.appendingPathComponent("local/samples.jsonl"))
        let b = try LiveVLLM.samples(dir.appendingPathComponent("vllm/samples.jsonl"))
        #expect(a.count == 20 && b.count == 20)
        var largest = 0.0
        for (x, y) in zip(a, b) {
            #expect(x.id == y.id)
            #expect(x.picks["G"] == y.picks["G"], "item \(x.id): G picks \(x.picks["G"] ?? -1) in-process, \(y.picks["G"] ?? -1) through vLLM")
            for (u, v) in zip(x.scores, y.scores) { largest = max(largest, abs(u - v)) }
        }
        #expect(largest <= Self.bound, "largest log-probability difference \(largest) nat")
    }

    @Test func theGatewayRanksAsInProcess() async throws {
        let vllm = try LiveVLLM.url()
        let gateway = try ServeCommandTests.Server.start(["--engine", vllm])
        defer { _ = gateway.stop() }
        let choices = ["Mars", "Venus", "Jupiter"]
        let question = "Which planet is known as the Red Planet?"
        let local = try ConsensusBinary.run(["rank", "--json", "--question", question] + choices.flatMap { ["--choice", $0] })
        #expect(local.status == 0, "\(local.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(local.stdout.utf8)) as? [String: Any])
        let routed = try await ServeCommandTests.post(gateway.url + "/v1/rank", ["question": question, "candidates": choices])
        #expect(routed.status == 200, "\(routed.json)")
        #expect(NSDictionary(dictionary: routed.json["pick"] as? [String: Any] ?? [:]).isEqual(to: expected["pick"] as? [String: Any] ?? [:]))
        let x = try #require(expected["scores"] as? [String: [Double]])
        let y = try #require(routed.json["scores"] as? [String: [Double]])
        for method in ["G", "MI"] {
            for (u, v) in zip(try #require(x[method]), try #require(y[method])) {
                #expect(abs(u - v) <= Self.bound, "\(method): \(u) in-process, \(v) through vLLM")
            }
        }
    }

    @Test func samplesChainsThroughVLLM() throws {
        let vllm = try LiveVLLM.url()
        let dir = try EvalCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try LiveVLLM.eval(dir, "svamp", task: "svamp", limit: 2, ["--engine", vllm, "--samples", "3", "--max-new-tokens", "48"])
        #expect(r.status == 0, "\(r.stderr)")
        let a = try LiveVLLM.samples(dir.appendingPathComponent("svamp/samples.jsonl"))
        #expect(a.count == 2)
    }

    /// vLLM killed in the middle of an eval: one clear error naming the server, nothing cached
    /// lost; once it is back, the same command resumes with no group scored twice.
    @Test func aKilledServerStopsTheRunAndTheSameCommandResumes() throws {
        let vllm = try LiveVLLM.url()
        let dir = try EvalCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = dir.appendingPathComponent("cache.sqlite").path
        let arguments = LiveVLLM.arguments(dir, "run", task: "arc_easy", limit: 60, ["--engine", vllm, "--engine-timeout", "20"])
        let log = dir.appendingPathComponent("killed.log")
        let process = try LiveVLLM.start(arguments, stderr: log)
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, process.isRunning, try EvalCommandTests.scoredGroups(cache) < 5 { Thread.sleep(forTimeInterval: 0.2) }
        #expect(process.isRunning, "the run ended before vLLM could be killed: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        try LiveVLLM.kill()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus != 0)
        let errors = stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errors.count == 1 && errors[0].contains(vllm), "\(stderr)")
        let before = try EvalCommandTests.scoredGroups(cache)
        #expect(before >= 5 && before < 60)

        try LiveVLLM.restart()
        let resumed = try ConsensusBinary.run(arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("(\(before) cached)"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("60 groups scored in all, 0 scored more than once"), "\(resumed.stderr)")
    }

    @Test func aPromptLongerThanTheServersContextNamesTheItem() throws {
        let vllm = try LiveVLLM.url()
        let dir = try EvalCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = Array(repeating: "the planet", count: 1500).joined(separator: " ")
        let lines = [
            #"{"id": "short", "question": "Which planet is red?", "choices": ["Mars", "Venus"], "answer": 0}"#,
            #"{"id": "too-long", "question": "\#(long)?", "choices": ["Mars", "Venus"], "answer": 0}"#,
        ]
        let data = dir.appendingPathComponent("arc_easy.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: data, atomically: true, encoding: .utf8)
        let started = Date()
        let r = try ConsensusBinary.run(
            ["eval", "--task", "arc_easy", "--data", data.path, "--cache", dir.appendingPathComponent("c.sqlite").path,
             "--output", dir.appendingPathComponent("out").path, "--engine", vllm])
        #expect(r.status != 0)
        #expect(r.stderr.contains("too-long") && r.stderr.contains("context length"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 120)
    }
}

/// The live server scripts/test.sh started, and the commands the suite runs against it.
enum LiveVLLM {
    static let directory = ProcessInfo.processInfo.environment["CONSENSUS_VLLM_DIR"]

    static func url() throws -> String {
        let dir = try #require(directory)
        return try String(contentsOfFile: dir + "/url", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func arguments(_ dir: URL, _ name: String, task: String, limit: Int, _ extra: [String]) -> [String] {
        let data = ConsensusBinary.repository.deletingLastPathComponent().appendingPathComponent("shared/data/benchmarks").path
        return ["eval", "--task", task, "--data", data, "--limit", "\(limit)", "--cache", dir.appendingPathComponent("cache.sqlite").path,
                "--output", dir.appendingPathComponent(name).path, "--threads", "1"] + extra
    }

    static func eval(_ dir: URL, _ name: String, task: String, limit: Int, _ extra: [String]) throws -> ConsensusBinary.Result {
        try ConsensusBinary.run(arguments(dir, name, task: task, limit: limit, extra))
    }

    static func start(_ arguments: [String], stderr: URL) throws -> Process {
        let binary = try #require(ConsensusBinary.url)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ConsensusBinary.environment(defaultModel: false)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return process
    }

    /// SIGKILL to vLLM's process group (its API server and engine core).
    static func kill() throws {
        let dir = try #require(directory)
        let pid = try #require(Int32(try String(contentsOfFile: dir + "/pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Foundation.kill(-pid, SIGKILL) == 0, "no vLLM process group \(pid)")
        Thread.sleep(forTimeInterval: 1)
    }

    /// Starts vLLM again on the same port (scripts/vllm.sh start).
    static func restart() throws {
        let dir = try #require(directory)
        let port = try #require(URL(string: try url())?.port)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [ConsensusBinary.repository.appendingPathComponent("scripts/vllm.sh").path, "start", "smollm2-135m", dir]
        process.environment = ProcessInfo.processInfo.environment.merging(["VLLM_PORT": "\(port)"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "vLLM did not start again (see \(dir)/log)")
    }

    /// One line of samples.jsonl: the item's id, each method's pick, and its scores
    /// (generator then discriminator, each for correct then incorrect).
    struct Sample {
        var id: String
        var picks: [String: Int]
        var scores: [Double]
    }

    static func samples(_ url: URL) throws -> [Sample] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let picks = (object["picks"] as? [String: [String: Any]] ?? [:]).compactMapValues { $0["index"] as? Int }
            let problem = (object["outcome"] as? [String: Any])?["problem"] as? [String: Any] ?? [:]
            var scores: [Double] = []
            for player in ["generator", "discriminator"] {
                let values = problem[player] as? [String: Any] ?? [:]
                for v in ["correct", "incorrect"] { scores += values[v] as? [Double] ?? [] }
            }
            return Sample(id: object["id"] as? String ?? "", picks: picks, scores: scores)
        }
    }
}
