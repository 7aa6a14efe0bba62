import ConsensusEvaluation
import Foundation
import Testing

/// `consensus eval` end to end on a small fixture, with the real small model.
@Suite("consensus eval", .serialized)
struct EvalCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-eval-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 24 ARC-style questions written for this test (several engine calls of 8 groups each).
    static let fixture = (0..<24).map { i in
        let a = 3 + i, b = 4 + i
        return #"{"id": "q\#(i)", "question": "What is \#(a) plus \#(b)?", "choices": ["\#(a + b)", "\#(a + b + 2)", "\#(a * b)", "\#(b - a)"], "answer": 0}"#
    }.joined(separator: "\n") + "\n"

    static func metrics(_ url: URL) throws -> [String: Any] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try #require(object["results"] as? [String: Any])
    }

    /// kill -9 in the middle of a run, then the same command: the same metrics as a run never
    /// interrupted, and no group scored twice.
    @Test func aKilledRunResumesWithoutRescoring() throws {
        try ConsensusBinary.installedModel()
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("arc_easy.jsonl")
        try Self.fixture.write(to: data, atomically: true, encoding: .utf8)
        func arguments(_ cache: String, _ output: String) -> [String] {
            ["eval", "--task", "arc_easy", "--data", data.path, "--cache", dir.appendingPathComponent(cache).path,
             "--output", dir.appendingPathComponent(output).path, "--iterations", "500"]
        }

        let clean = try ConsensusBinary.run(arguments("clean.sqlite", "clean"))
        #expect(clean.status == 0, "\(clean.stderr)")

        // Start, wait until some groups are in the cache, kill -9.
        let process = try ConsensusBinary.start(arguments("killed.sqlite", "killed"))
        let cacheFile = dir.appendingPathComponent("killed.sqlite").path
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning, try Self.scoredGroups(cacheFile) < 3 { Thread.sleep(forTimeInterval: 0.2) }
        #expect(process.isRunning, "the run finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try Self.scoredGroups(cacheFile)
        #expect(before >= 3 && before < 24)

        let resumed = try ConsensusBinary.run(arguments("killed.sqlite", "killed"))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("(\(before) cached)"))
        #expect(resumed.stderr.contains("24 groups scored in all, 0 scored more than once"), "\(resumed.stderr)")
        let a = try Self.metrics(dir.appendingPathComponent("clean/results.json"))
        let b = try Self.metrics(dir.appendingPathComponent("killed/results.json"))
        #expect(NSDictionary(dictionary: a).isEqual(to: b), "\(a) vs \(b)")
    }

    /// Groups logged in the cache's scoring table; 0 when the run never created the cache.
    /// - Throws: when the file exists but cannot be read as a score cache.
    static func scoredGroups(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return try ScoreCache(path: path).statistics().groupsScored
    }

    @Test func aMalformedLineStopsTheRunWithFileLineAndField() throws {
        try ConsensusBinary.installedModel()
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("arc_easy.jsonl")
        let lines = Self.fixture.split(separator: "\n")
        let bad = lines[0] + "\n" + lines[1] + "\n" + #"{"id": "x", "question": "Q?", "choices": ["a", "b"], "answer": 2}"# + "\n"
        try bad.write(to: data, atomically: true, encoding: .utf8)
        let r = try ConsensusBinary.run(["eval", "--task", "arc_easy", "--data", data.path, "--cache", dir.appendingPathComponent("c.sqlite").path, "--output", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("arc_easy.jsonl:3") && r.stderr.contains("\"answer\""), "\(r.stderr)")
        #expect(try Self.scoredGroups(dir.appendingPathComponent("c.sqlite").path) == 0)
    }
}
